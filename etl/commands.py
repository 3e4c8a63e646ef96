"""What each `diskurs` command does (etl.cli parses the command line and calls one of COMMANDS):
`run(args, settings)` prints the command's output and returns its exit code (EXIT_*, documented
in docs/cli.md and docs/operations.md); errors are raised, and etl.cli turns them into one line."""

import contextlib
import datetime as dt
import difflib
import os
import sys

from etl import alerts, export, pipeline, schedule, store, topics
from etl.quality import binary, datasets, evaluate, train
from etl.store import journal, labels, queries
from etl.store.filters import SIGNAL_COLUMNS, Filters
from etl.topics import suggest

# Exit codes (docs/operations.md): what cron, systemd and scripts can act on.
EXIT_OK = 0
EXIT_ERROR = 1  # the command failed; a run that failed stored nothing
EXIT_USAGE = 2  # the command line itself is wrong (argparse)
EXIT_PARTIAL = 3  # the run landed, but a source or file could not be read at all
EXIT_BUSY = 75  # another run is writing the store (EX_TEMPFAIL: try again later)
EXIT_INTERRUPTED = 130  # Ctrl-C
EXIT_TERMINATED = 143  # SIGTERM (systemd stop, kill)


def _run(args, settings):
    inputs = args.inputs or [str(p) for p in settings.sample_inputs]
    return _report(pipeline.run(inputs, settings), settings)


def _refresh(args, settings):
    return _report(pipeline.refresh(settings), settings)


def _schedule(args, settings):
    schedule.every(args.every, lambda: _report(pipeline.refresh(settings), settings), times=args.times)


def _export(args, settings):
    filters = Filters(
        since=_day(args.since, "--since"),
        until=_day(args.until, "--until"),
        articles=tuple(args.article),
        topics=tuple(args.topic),
        sentiments=tuple(args.sentiment),
        stances=tuple(args.stance),
        signals=tuple(
            (column, getattr(args, column)) for column in SIGNAL_COLUMNS if getattr(args, column) is not None
        ),
        search=(args.search or "").strip() or None,
        target=args.target or None,
        target_stances=tuple(args.target_stance),
    )
    if filters.since and filters.until and filters.since > filters.until:
        raise export.ExportError(f"--since {filters.since} is after --until {filters.until}: nothing could match")
    with store.connect_readonly(settings.store_dir) as con:
        if filters.articles:
            _check_known(con, "--article", filters.articles, queries.article_ids_like(con, filters.articles))
        if filters.topics:
            _check_known(con, "--topic", filters.topics, queries.topic_names(con))
        if filters.target:
            _check_known(con, "--target", [filters.target], queries.target_names(con))
        if args.what in export.BULK:  # written by DuckDB at disk speed, the same bytes
            editor = labels.editor_columns(settings.store_dir) if args.what == "comments" else None

            def write(target):
                return export.copy_csv(con, args.what, filters, target, excel=args.excel, editor=editor)

            if args.out == "-":
                sys.stdout.flush()
                export.copy_csv_to(con, args.what, filters, sys.stdout.buffer, excel=args.excel, editor=editor)
            else:
                _write_file(None, args.out, "rows", write=write)
            return
        if args.what == "labels":
            blocks = [queries.labelled(con, filters, labels.read(settings.store_dir))]
        else:
            blocks = export.export_blocks(con, args.what, filters)
        if args.what == "runs":
            blocks = [journal.merged(next(blocks), settings.store_dir)]
        if args.what == "comments":
            editor = labels.editor_columns(settings.store_dir)
            blocks = (export.with_editor_labels(block, editor) for block in blocks)
        if args.out == "-":
            export.write_csv_blocks(blocks, sys.stdout, excel=args.excel)
        else:
            _write_file(blocks, args.out, "rows", excel=args.excel)


def _day(text, option):
    """An ISO day (YYYY-MM-DD) as given, or ExportError saying how to write one."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise export.ExportError(f"{option} {text!r} is not a day: write it as YYYY-MM-DD (e.g. 2015-03-11)") from None


def _check_known(con, option, given, known):
    """ExportError for a value of `option` that matches nothing stored, with the nearest ones."""
    for value in given:
        if value in known:
            continue
        near = difflib.get_close_matches(value, list(known), n=3, cutoff=0.5)
        near += sorted(k for k in known if value.lower() in k.lower() and k not in near)[: 3 - len(near)]
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise export.ExportError(f"{option} {value!r} matches nothing in the store (values are exact){hint}")


def _suggest_topics(args, settings):
    with store.connect_readonly(settings.store_dir) as con:
        comments = queries.newest_comments(con, Filters(published_only=True), args.latest)
        articles = queries.articles_of(con, comments["article_id"].dropna().unique())
    found = suggest.suggest_topics(
        articles, comments, topics.load_topics(settings.topics_file), by=args.by, top=args.top
    )
    if args.out == "-":
        print(found.drop(columns=["example"]).to_string(index=False) if len(found) else "no suggestions")
    else:
        _write_file([found], args.out, "suggestions")


def _write_file(frames, path, what, excel=False, write=None):
    """Neutralised CSV of `frames` (blocks of one table) at `path`, or what `write(path)` writes
    there (returning its rows), and one line saying so. The file appears whole or not at all
    (written beside it, then renamed)."""
    path = os.path.abspath(path)
    if not os.path.isdir(os.path.dirname(path)):
        raise export.ExportError(f"cannot write {path}: its folder {os.path.dirname(path)} does not exist")
    partial = f"{path}.partial-{os.getpid()}"
    try:
        if write is not None:
            rows = write(partial)
        else:
            with open(partial, "w", encoding="utf-8", newline="") as handle:
                rows = export.write_csv_blocks(frames, handle, excel=excel)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise
    note = " (nothing matches the filters)" if rows == 0 else ""
    print(f"wrote {rows} {what} to {path}{note}", file=sys.stderr)


def _status(args, settings):
    runs = journal.read(settings.store_dir)
    try:
        con = store.connect_readonly(settings.store_dir)
    except store.EmptyStore:
        if runs.empty:
            raise
        print(f"store:    {settings.store_dir} (no data yet)")
        _print_runs(queries.run_lines(runs.head(args.limit)))
        return EXIT_OK
    with con:
        found = queries.status(con, args.limit, journalled=runs)
    counts, sources, flags, statuses = (found[key] for key in ("counts", "sources", "flags", "statuses"))
    print(f"store:    {store.current_path(settings.store_dir)}")
    print("contents: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
    print("sources:  " + ("\n          ".join(sources) if sources else "none"))
    print("comments: " + ", ".join(f"{n} {status}" for status, n in statuses))
    print("flags:    " + (", ".join(f"{n} {flag}" for flag, n in flags) if flags else "none"))
    _print_runs(found["runs"])
    return EXIT_OK


def _print_runs(runs):
    print(f"last {len(runs)} runs (UTC):")
    print(runs.to_string(index=False) if len(runs) else "  none")


def _versions(args, settings):
    found = store.list_versions(settings.store_dir)
    try:
        current = store.current_path(settings.store_dir)
    except store.StoreError as error:
        current = None
        print(f"warning: {error}", file=sys.stderr)
    if not found:
        print(f"no versions in {settings.store_dir}")
        return EXIT_OK
    for path in reversed(found):
        stat = path.stat()
        written = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        mark = "current" if path == current else ""
        size = store.version_bytes(path) / 1e6  # with the segments it reads, shared with other versions
        print(f"{path.name}  {written}  {size:8.1f} MB  {queries.version_summary(path)}  {mark}".rstrip())
    return EXIT_OK


def _labels(args, settings):
    with store.connect_readonly(settings.store_dir) as con:
        known = queries.comment_ids(con)
    stored, refused = labels.import_csv(settings.store_dir, args.file, known)
    for reason in refused[:20]:
        print(f"refused: {args.file} {reason}", file=sys.stderr)
    more = " (first 20 listed)" if len(refused) > 20 else ""
    print(f"imported {stored} label(s), refused {len(refused)}{more} -> {settings.store_dir}", file=sys.stderr)
    return EXIT_PARTIAL if refused else EXIT_OK


def _alerts(args, settings):
    with store.connect_readonly(settings.store_dir) as con:
        found = alerts.find_alerts(con, args.since)
    print(alerts.to_json(found) if args.json else alerts.format_table(found))
    return EXIT_ERROR if len(found) else EXIT_OK  # cron mails what fails: an alert


def _restore(args, settings):
    with store.write_lock(settings.store_dir):
        path = store.restore(settings.store_dir, args.version)
    print(f"restored {path.name}: it is the current version of {settings.store_dir}", file=sys.stderr)
    return EXIT_OK


def _report(result, settings):
    """The run's one summary line (and one warning per file that could not be read); its exit code."""
    if result.idle:
        print(f"run {result.run_id}: nothing new -> {settings.store_dir} (unchanged)", file=sys.stderr)
        return EXIT_OK
    noted = f", {result.n_noted} kept with a note" if result.n_noted else ""
    articles = f", {result.n_articles} articles new or updated" if result.n_articles else ""
    print(
        f"run {result.run_id}: {result.n_loaded} comments loaded ({result.n_new} new, "
        f"{result.n_changed} changed, {result.n_removed} removed), {result.n_scored} scored, "
        f"{result.n_rejected} rejected{noted}{articles} -> {settings.store_dir}",
        file=sys.stderr,
    )
    for source, problem in result.unreadable:
        print(f"warning: {source} {problem}", file=sys.stderr)
    return EXIT_PARTIAL if result.unreadable else EXIT_OK


def _load_dataset(args, settings):
    if not args.from_store:
        if not args.dataset:
            raise datasets.EvaluateError("name the labelled data: --dataset PATH, or --from-store")
        return _load_file(args)
    if args.dataset and args.command == "evaluate":
        raise datasets.EvaluateError("evaluate measures one data set: --dataset PATH or --from-store, not both")
    labelled = labels.training_frame(settings.store_dir, args.task)
    if not len(labelled) and not args.dataset:
        raise datasets.EvaluateError(
            f"no {args.task} labels in {settings.store_dir} yet: label comments in the dashboard "
            "(or `diskurs labels import`) first"
        )
    return datasets.combine(labelled, _load_file(args)) if args.dataset else labelled


def _load_file(args):
    columns = {
        "text_column": args.text_column,
        "label_column": args.label_column,
        "target_column": args.target_column,
        "parent_column": args.parent_column,
    }
    # Naming a column means a plain CSV unless a format was given.
    format = args.format or ("csv" if any(columns.values()) else None)
    columns["text_column"] = columns["text_column"] or "text"
    columns["label_column"] = columns["label_column"] or "label"
    return datasets.load_dataset(args.dataset, format, task=args.task, **columns)


def _binary_dataset(args, settings):
    if args.from_store:
        return binary.from_store(settings.store_dir, args.task)
    if not args.dataset:
        raise binary.BinaryError("name the labelled data: --dataset PATH, or --from-store")
    return binary.load(args.dataset, args.task, args.text_column or "text", args.label_column or "label")


def _evaluate_binary(args, settings):
    dataset = _binary_dataset(args, settings)
    engines = {} if args.engine and "rules-v1" not in args.engine else {"rules-v1": _rules(args.task)}
    for model in map(binary.load_model, args.model):
        engines[model.name] = model
    results = binary.evaluate(dataset, engines, args.cross_validate)
    print(binary.to_json(results) if args.json else binary.format_table(dataset, results))
    if args.record:
        binary.record(args.record, dataset, results)


def _rules(task):
    from etl import signals  # the rule engines load their word lists only when asked for

    return signals.get_engines().scorers[binary.TASKS[task]]


def _train_binary(args, settings):
    dataset = _binary_dataset(args, settings)
    meta = binary.train(dataset, args.out)
    print(
        f"trained a {args.task} model on {meta['n_train']} texts ({meta['n_yes']} yes) -> {args.out}",
        file=sys.stderr,
    )
    if args.use:
        path = binary.use(settings.store_dir, args.out)
        print(f"{settings.store_dir} scores {args.task} with {path} from its next run", file=sys.stderr)


def _evaluate(args, settings):
    if args.task in binary.TASKS:
        return _evaluate_binary(args, settings)
    dataset = _load_dataset(args, settings)
    folds = args.cross_validate
    if folds is None and args.from_store:
        folds = _store_folds(dataset)
    by_article = train.article_groups(dataset) is not None
    found = evaluate.predictors(dataset.attrs["task"], args.model, args.engine, folds, by_article)
    results = evaluate.evaluate(dataset, found)
    print(evaluate.to_json(results) if args.json else evaluate.format_table(dataset, results))
    if args.record:
        evaluate.record(args.record, dataset, results)


def _store_folds(dataset, most=5):
    """Folds for cross-validating on a store's labels: up to `most`, as many as its articles (or
    its rarest label) allow; None (and a note) when too few labels to cross-validate."""
    groups = train.article_groups(dataset)
    room = groups.nunique() if groups is not None else int(dataset["label"].value_counts().min())
    if dataset["label"].nunique() < 2 or room < 2:
        print("note: too few labels (or articles) for a cross-validated model; engines only", file=sys.stderr)
        return None
    return min(most, room)


def _train(args, settings):
    if args.task in binary.TASKS:
        return _train_binary(args, settings)
    if args.use and args.task != "sentiment":
        raise train.TrainError("--use: runs score sentiment only; a stance model is for `evaluate --model`")
    dataset = _load_dataset(args, settings)
    meta = train.train(dataset, args.out)
    counts = ", ".join(f"{label} {n}" for label, n in meta["label_counts"].items())
    print(
        f"trained a {evaluate.TASK_NAMES[meta['task']]} model on {meta['n_train']} texts ({counts}) -> {args.out}",
        file=sys.stderr,
    )
    if args.use:
        path = train.use_model(settings.store_dir, args.out)
        print(f"{settings.store_dir} scores sentiment with {path} from its next run", file=sys.stderr)


COMMANDS = {
    "run": _run,
    "refresh": _refresh,
    "schedule": _schedule,
    "export": _export,
    "status": _status,
    "suggest-topics": _suggest_topics,
    "evaluate": _evaluate,
    "train": _train,
    "versions": _versions,
    "labels": _labels,
    "restore": _restore,
    "alerts": _alerts,
}
