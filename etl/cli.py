"""`python -m etl` (and `diskurs`, see dashboard.cli): a thin command line over the pipeline,
the store and the exports. `main(argv)` parses it, runs one command of etl.commands in this
process and returns its exit code; nothing here prints but the commands' own output and
one-line errors."""

import argparse
import contextlib
import logging
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from etl import DiskursError, __version__, config, export, pipeline, schedule, store
from etl.commands import (
    COMMANDS,
    EXIT_BUSY,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    EXIT_USAGE,
)
from etl.quality import binary
from etl.store.filters import SIGNAL_COLUMNS, TARGET_STANCES

log = logging.getLogger("etl")

TASKS = ["sentiment", "stance", *binary.TASKS]  # what evaluate and train take


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
    out.add_argument(
        "--excel",
        action="store_true",
        help="for a German-locale spreadsheet: UTF-8 with a byte order mark, ';' between cells, decimal comma",
    )
    out.add_argument("--article", action="append", default=[], metavar="ID", help="only this article (repeatable)")
    out.add_argument(
        "--topic", action="append", default=[], metavar="T", help="only comments with this topic (repeatable)"
    )
    out.add_argument("--sentiment", action="append", default=[], choices=["negative", "neutral", "positive"])
    out.add_argument("--stance", action="append", default=[], choices=["agree", "disagree", "neutral"])
    out.add_argument("--target", metavar="NAME", help="only comments naming this target of the topics file")
    out.add_argument(
        "--target-stance",
        action="append",
        default=[],
        choices=list(TARGET_STANCES),
        help="only comments with this stance toward the target (toward any target without --target; repeatable)",
    )
    for column in SIGNAL_COLUMNS:
        out.add_argument(
            "--" + column.replace("_", "-"),
            type=_score,
            dest=column,
            metavar="SCORE",
            help=f"only comments whose {column} score is at least SCORE (0 to 1)",
        )
    out.add_argument(
        "--search",
        metavar="TEXT",
        help='only comments whose text or author holds every word of TEXT ("quoted phrases" whole)',
    )
    out.add_argument("--since", metavar="DATE", help="from this day (YYYY-MM-DD), by comment time, else article date")
    out.add_argument("--until", metavar="DATE", help="up to and including this day (YYYY-MM-DD)")
    _common(out, writes=False)

    ideas = commands.add_parser("suggest-topics", help="standout terms (keyness) no topic covers yet")
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
        "(default: 24h; all: every comment)",
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
    scoring = args.command in ("run", "refresh", "schedule")
    try:
        settings = config.from_env(
            store_dir=getattr(args, "store", None),
            topics_file=getattr(args, "topics", None),
            strict=getattr(args, "strict", None),
            progress=not getattr(args, "quiet", True) and sys.stderr.isatty(),
            sentiment=getattr(args, "sentiment", None) if scoring else None,
            model=getattr(args, "model", None) if scoring else None,
            dask=getattr(args, "dask", None),
        )
    except config.SettingError as error:
        return _fail(error, EXIT_USAGE)
    run = extra[args.command].run if extra and args.command in extra else COMMANDS[args.command]
    with _sigterm_unwinds():
        return _guarded(run, args, settings)


def _guarded(run, args, settings):
    """`run(args, settings)`'s exit code; every failure one `error:` line on standard error."""
    try:
        return _terminated_or(run, args, settings)
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


def _terminated_or(run, args, settings):
    """`run(args, settings)`'s exit code; Terminated for whatever it raised after SIGTERM came (a
    DuckDB query the signal interrupted says "Query interrupted" instead of passing it on)."""
    try:
        return run(args, settings) or EXIT_OK
    except Exception:
        if pipeline.TERMINATING.is_set():
            raise Terminated("terminated (SIGTERM)") from None
        raise


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
    pipeline.TERMINATING.set()
    raise Terminated("terminated (SIGTERM)")


def _score(text):
    """A score in [0, 1] given on the command line."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"not a score from 0 to 1: {text!r}")
    return value
