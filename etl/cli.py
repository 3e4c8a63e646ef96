"""`python -m etl` (and `diskurs`, see dashboard.cli): a thin command line over the pipeline,
the store and the exports. `main(argv)` runs one command in this process and returns its exit
code; nothing here prints but the commands' own output and one-line errors."""

import argparse
import contextlib
import datetime as dt
import difflib
import logging
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from etl import DiskursError, __version__, alerts, config, export, pipeline, schedule, store, topics
from etl.quality import binary, datasets, evaluate, train
from etl.store import journal, labels, queries
from etl.store.filters import SIGNAL_COLUMNS, Filters
from etl.topics import suggest

log = logging.getLogger("etl")

TASKS = ["sentiment", "stance", *binary.TASKS]  # what evaluate and train take

# Exit codes (docs/operations.md): what cron, systemd and scripts can act on.
EXIT_OK = 0
EXIT_ERROR = 1  # the command failed; a run that failed stored nothing
EXIT_USAGE = 2  # the command line itself is wrong (argparse)
EXIT_PARTIAL = 3  # the run landed, but a source or file could not be read at all
EXIT_BUSY = 75  # another run is writing the store (EX_TEMPFAIL: try again later)
EXIT_INTERRUPTED = 130  # Ctrl-C
EXIT_TERMINATED = 143  # SIGTERM (systemd stop, kill)


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: unwinds like Ctrl-C, so a run being written is deleted, not left half done."""


@dataclass(frozen=True)
class Command:
    """A subcommand another entry point adds (`diskurs dashboard`): its help, a function adding
    its arguments to its parser, and `run(args, settings)` returning an exit code or None."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable


def build_parser(prog: str = "python -m etl", extra: dict[str, Command] | None = None) -> argparse.ArgumentParser:
    """The argument parser of every command (docs/cli.md mirrors its help), with `extra` commands."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description=(
            "Diskurs: load articles, comments and reply threads into a store of sentiment, "
            "stance and topics; export, evaluate and train."
        ),
    )
    parser.add_argument("--version", action="version", version=f"diskurs {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="load files or folders into the store, beside what is there")
    run.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="article page .txt, comments .csv/.jsonl, WordPress or Disqus .xml export, "
        "One Million Posts .csv.xz/.sqlite, a folder of these, or an https:// WordPress "
        "site (default: the bundled sample data)",
    )
    _common(run)
    run.add_argument("--strict", action="store_true", help="fail the run, loading nothing, if any record is rejected")
    _engine_options(run)

    refresh = commands.add_parser("refresh", help="re-read the store's sources, load what is new or changed")
    _common(refresh)
    refresh.add_argument("--strict", action="store_true", help="fail the run if any record is rejected")
    _engine_options(refresh)

    every = commands.add_parser("schedule", help="refresh every interval until stopped; never two at once")
    _common(every)
    every.add_argument(
        "--every", required=True, type=schedule.parse_interval, metavar="INTERVAL", help="interval such as 30s, 15m, 1h"
    )
    every.add_argument(
        "--times", type=int, default=None, metavar="N", help="stop after N refreshes (default: run until stopped)"
    )

    out = commands.add_parser("export", help="write a table or an aggregate as CSV")
    out.add_argument("what", choices=[*export.EXPORTS, "labels"], help="what to export")
    out.add_argument("--out", required=True, metavar="FILE.csv", help="output file, or - for standard output")
    out.add_argument("--article", action="append", default=[], metavar="ID", help="only this article (repeatable)")
    out.add_argument(
        "--topic", action="append", default=[], metavar="T", help="only comments with this topic (repeatable)"
    )
    out.add_argument("--sentiment", action="append", default=[], choices=["negative", "neutral", "positive"])
    out.add_argument("--stance", action="append", default=[], choices=["agree", "disagree", "neutral"])
    for column in SIGNAL_COLUMNS:
        out.add_argument(
            "--" + column.replace("_", "-"),
            type=_score,
            dest=column,
            metavar="SCORE",
            help=f"only comments whose {column} score is at least SCORE (0 to 1)",
        )
    out.add_argument("--since", metavar="DATE", help="from this day (YYYY-MM-DD), by comment time, else article date")
    out.add_argument("--until", metavar="DATE", help="up to and including this day (YYYY-MM-DD)")
    _common(out, writes=False)

    ideas = commands.add_parser("suggest-topics", help="frequent terms the topics file does not cover yet")
    ideas.add_argument(
        "--by",
        choices=["article", "week", "all"],
        default="all",
        help="suggest per article, per ISO week, or for all (default) of the data",
    )
    ideas.add_argument(
        "--top", type=int, default=20, metavar="N", help="terms per article, week or overall (default 20)"
    )
    ideas.add_argument(
        "--latest",
        type=int,
        default=50_000,
        metavar="N",
        help="read the newest N comments (default 50000) and their articles",
    )
    ideas.add_argument(
        "--out", default="-", metavar="FILE.csv", help="CSV file, or - (default) for a table on standard output"
    )
    ideas.add_argument(
        "--topics",
        metavar="FILE",
        help="topics file whose terms are left out (default: the bundled one, or $DISKURS_TOPICS)",
    )
    _common(ideas, writes=False)

    status = commands.add_parser("status", help="show the last runs and what they did")
    status.add_argument("--limit", type=int, default=10, metavar="N", help="how many runs to show (default 10)")
    _common(status, writes=False)

    check = commands.add_parser("evaluate", help="measure the engines of a task on a labelled data set")
    check.add_argument("task", choices=TASKS, help="what to measure")
    _dataset_options(check)
    check.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="MODEL",
        help="also measure this model from `train` (repeatable)",
    )
    check.add_argument(
        "--engine",
        action="append",
        default=None,
        metavar="NAME",
        help="only this built-in engine (repeatable; default: every engine)",
    )
    check.add_argument(
        "--cross-validate",
        type=int,
        default=None,
        metavar="K",
        help="also train and test a model in K folds of the data set itself (nothing saved)",
    )
    check.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    check.add_argument(
        "--record",
        default=None,
        metavar="FILE",
        help="also add the figures to FILE, the dashboard's Model quality data ($DISKURS_QUALITY)",
    )

    learn = commands.add_parser("train", help="train a model of a task on your own labelled data")
    learn.add_argument("task", choices=TASKS, help="what the model predicts")
    _dataset_options(learn)
    learn.add_argument(
        "--out", required=True, metavar="MODEL", help="file to save the model to (e.g. models/mine.joblib)"
    )
    learn.add_argument(
        "--use",
        action="store_true",
        help="also tell the store (--store) to score sentiment with this model in later runs",
    )

    marks = commands.add_parser("labels", help="editors' labels: import them from a CSV file")
    marks_actions = marks.add_subparsers(dest="action", required=True, metavar="ACTION")
    taken = marks_actions.add_parser("import", help="add labels from a CSV (comment_id, task, label[, annotator])")
    taken.add_argument("file", metavar="FILE.csv", help="CSV: comment_id, task, label and optional annotator")
    _common(taken, writes=False)

    kept = commands.add_parser("versions", help="list the store's versions: the current one and its rollback points")
    _common(kept, writes=False)

    back = commands.add_parser("restore", help="make an earlier version of the store the current one")
    back.add_argument("version", metavar="VERSION", help="a version's file name, as `versions` lists it")
    _common(back, writes=False)

    alerting = commands.add_parser(
        "alerts", help="articles whose comments run far more negative, disagreeing or abusive than usual"
    )
    alerting.add_argument(
        "--since",
        default=None,
        metavar="WHEN",
        help="the window: a duration before the newest comment (24h, 7d, 2w) or a day YYYY-MM-DD "
        "(default: every comment)",
    )
    alerting.add_argument("--json", action="store_true", help="print a JSON list of objects instead of the table")
    _common(alerting, writes=False)

    for name, command in (extra or {}).items():
        command.add_arguments(commands.add_parser(name, help=command.help))
    return parser


def _common(parser, writes=True):
    parser.add_argument("--store", metavar="DIR", help="store folder (default: $DISKURS_STORE, else data/store here)")
    if writes:
        parser.add_argument(
            "--topics", metavar="FILE", help="topics file (default: $DISKURS_TOPICS, else the bundled one)"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")


def _engine_options(parser):
    parser.add_argument(
        "--sentiment",
        default=None,
        metavar="NAME",
        help="sentiment engine: textblob-de+german-plus (textblob-de's numbers, german-plus's label), "
        "textblob-de or german-plus; default: the store's last engine, else textblob-de+german-plus",
    )
    parser.add_argument(
        "--model", default=None, metavar="MODEL", help="score sentiment with this model from `train` instead"
    )
    parser.add_argument(
        "--dask",
        default=None,
        metavar="ADDRESS",
        help="run parsing and scoring on this Dask scheduler, e.g. tcp://10.0.0.5:8786",
    )


def _dataset_options(parser):
    parser.add_argument(
        "--dataset",
        default=None,
        metavar="PATH",
        help="labelled data: posts.csv.xz (One Million Posts), SB10k or GermEval TSV, "
        "x-stance .jsonl/.csv, or your own CSV (needed unless --from-store)",
    )
    parser.add_argument(
        "--from-store",
        action="store_true",
        help="the editors' labels of the store (--store) with the store's texts (train: plus --dataset when given)",
    )
    _common(parser, writes=False)
    parser.add_argument(
        "--format",
        choices=["omp", "sb10k", "germeval", "xstance", "csv"],
        default=None,
        help="format of --dataset (default: detected from its name and first line)",
    )
    parser.add_argument("--text-column", default=None, metavar="NAME", help="CSV column of the text (default text)")
    parser.add_argument("--label-column", default=None, metavar="NAME", help="CSV column of the label (default label)")
    parser.add_argument(
        "--target-column",
        default=None,
        metavar="NAME",
        help="CSV column of the question or claim (stance toward a target)",
    )
    parser.add_argument(
        "--parent-column",
        default=None,
        metavar="NAME",
        help="CSV column of the parent comment's text (stance of a reply)",
    )


def main(argv: list[str] | None = None, prog: str = "python -m etl", extra: dict[str, Command] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = build_parser(prog, extra).parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    settings = config.from_env(
        store_dir=getattr(args, "store", None),
        topics_file=getattr(args, "topics", None),
        strict=getattr(args, "strict", None),
        progress=not getattr(args, "quiet", True) and sys.stderr.isatty(),
        sentiment=getattr(args, "sentiment", None) if args.command in ("run", "refresh", "schedule") else None,
        model=getattr(args, "model", None) if args.command in ("run", "refresh", "schedule") else None,
        dask=getattr(args, "dask", None),
    )
    run = extra[args.command].run if extra and args.command in extra else COMMANDS[args.command]
    with _sigterm_unwinds():
        return _guarded(run, args, settings)


def _guarded(run, args, settings):
    """`run(args, settings)`'s exit code; every failure one `error:` line on standard error."""
    try:
        return run(args, settings) or EXIT_OK
    except store.StoreBusy as busy:
        return _fail(busy, EXIT_BUSY)
    except DiskursError as error:
        return _fail(error)
    except Terminated:
        print("stopped: terminated (SIGTERM); nothing of an unfinished run was kept", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `... --out - | head`: the reader has all it wanted
        sys.stderr.close()
        return EXIT_OK
    except MemoryError:
        return _fail("out of memory: the input is too large for this machine (see docs/limits.md); nothing was kept")
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        return _fail(f"{error.strerror or error}{where}")
    except duckdb.Error as error:
        return _fail(f"the store could not be read or written: {pipeline.error_line(error)}")


def _fail(error, code=EXIT_ERROR):
    print(f"error: {pipeline.error_line(error) if isinstance(error, BaseException) else error}", file=sys.stderr)
    return code


@contextlib.contextmanager
def _sigterm_unwinds():
    """SIGTERM raises Terminated in the main thread while a command runs (cleanup runs, the
    failure is journalled); elsewhere (a thread, a test harness) the signal is left alone."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminate(signum, frame):
    raise Terminated("terminated (SIGTERM)")


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
    )
    if filters.since and filters.until and filters.since > filters.until:
        raise export.ExportError(f"--since {filters.since} is after --until {filters.until}: nothing could match")
    with store.connect_readonly(settings.store_dir) as con:
        if filters.articles:
            _check_known(con, "--article", filters.articles, queries.article_ids_like(con, filters.articles))
        if filters.topics:
            _check_known(con, "--topic", filters.topics, queries.topic_names(con))
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
            export.write_csv_blocks(blocks, sys.stdout)
        else:
            _write_file(blocks, args.out, "rows")


def _score(text):
    """A score in [0, 1] given on the command line."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"not a score from 0 to 1: {text!r}")
    return value


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


def _write_file(frames, path, what):
    """Neutralised CSV of `frames` (blocks of one table) at `path`, and one line saying so. The
    file appears whole or not at all (written beside it, then renamed)."""
    path = os.path.abspath(path)
    if not os.path.isdir(os.path.dirname(path)):
        raise export.ExportError(f"cannot write {path}: its folder {os.path.dirname(path)} does not exist")
    partial = f"{path}.partial-{os.getpid()}"
    try:
        with open(partial, "w", encoding="utf-8", newline="") as handle:
            rows = export.write_csv_blocks(frames, handle)
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
        print(f"{path.name}  {written}  {stat.st_size / 1e6:8.1f} MB  {queries.version_summary(path)}  {mark}".rstrip())
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
    print(
        f"run {result.run_id}: {result.n_loaded} comments loaded ({result.n_new} new, "
        f"{result.n_changed} changed, {result.n_removed} removed), {result.n_scored} scored, "
        f"{result.n_rejected} rejected{noted} -> {settings.store_dir}",
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
