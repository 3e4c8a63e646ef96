"""Count the CPU instructions an ETL stage executes (valgrind's callgrind), to compare two trees on
a machine too noisy for seconds.

    .venv/bin/python bench/instructions.py --stage signals                      # 6,000 synthetic comments
    .venv/bin/python bench/instructions.py --stage signals --stage classify_replies --compare /tmp/etl-base
    .venv/bin/python bench/instructions.py --stage sentiment --input ../shared/data/one-million-posts/posts.csv.xz

Seconds drift by 5-15 % within minutes on a shared host, and CPU seconds with them; callgrind counts
the instructions the code executes, the same for the same code and input whatever else the machine
is doing (repeat runs agree to about 0.3 %). Each count is one stage of bench/stages.py in a child
process under `valgrind --tool=callgrind --instr-atstart=no`: the child first runs every stage on
another synthetic corpus, not counted (regexes compiled, lexicons and rule needs read, as in a
long run), then counts the one stage on the measured input. `--compare DIR` counts the etl package
in DIR (e.g. `git archive <rev> etl | tar -x -C DIR`) the same way. Two children run at a time.

An instruction is not a unit of time (a cache miss costs more than an add): quote the counts beside
seconds measured side by side, not instead of them. Needs valgrind (Debian: `apt-get install -y
valgrind`); runs about fifty times slower than the stage itself.
"""

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import stages

ROOT = Path(__file__).resolve().parent.parent
_COLLECTED = re.compile(r"Collected : (\d+)")


@contextlib.contextmanager
def counted():
    """Callgrind counts instructions inside this block only."""
    toggle = ["callgrind_control", "--instr"]
    subprocess.run([*toggle, "on", str(os.getpid())], check=True, capture_output=True)
    try:
        yield
    finally:
        subprocess.run([*toggle, "off", str(os.getpid())], check=True, capture_output=True)


def child(args):
    """Under callgrind: the uncounted pass, then the counted stage."""
    stages._import_etl(args.impl)
    stages.run_stages(args.warm, args.topics, args.sentiment)
    around = lambda name: counted() if name == args.stage[0] else contextlib.nullcontext()  # noqa: E731
    stages.run_stages(args.path, args.topics, args.sentiment, around=around)


def count(impl, stage, path, warm, args):
    """Instructions of `stage` with the etl in `impl` (None: this tree)."""
    command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null"]
    command += [sys.executable, __file__, "--child", "--path", str(path), "--warm", str(warm)]
    command += ["--stage", stage, "--topics", args.topics]
    command += ["--impl", impl] if impl else []
    command += ["--sentiment"] if stage == "sentiment" else []
    # One hash seed for every child: set and dict orders (and so some work) are the same each time.
    env = dict(os.environ, PYTHONHASHSEED="0")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    found = _COLLECTED.search(result.stderr)
    if result.returncode != 0 or found is None:
        raise SystemExit(f"counting {stage} failed:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--stage", action="append", choices=stages.STAGES, help="a stage to count (repeat for more; default signals)"
    )
    parser.add_argument(
        "--n", type=int, default=6_000, help="synthetic comments (bench/corpus.py); signals prefilter from 5,000"
    )
    parser.add_argument("--input", help="a comments file to read instead of the synthetic corpus")
    parser.add_argument("--compare", metavar="DIR", help="also count the etl package in DIR")
    parser.add_argument("--topics", default=str(ROOT / "etl" / "resources" / "topics.toml"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--impl", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--warm", help=argparse.SUPPRESS)
    parser.add_argument("--sentiment", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    if not (shutil.which("valgrind") and shutil.which("callgrind_control")):
        raise SystemExit("needs valgrind and callgrind_control on PATH (Debian: apt-get install -y valgrind)")
    path = Path(args.input) if args.input else stages.corpus_path(args.n)
    warm = stages.corpus_path(args.n, seed=2)  # for the uncounted first pass
    impls = [None, args.compare] if args.compare else [None]
    jobs = [(stage, impl) for stage in args.stage or ["signals"] for impl in impls]
    with ThreadPoolExecutor(2) as pool:
        counts = dict(zip(jobs, pool.map(lambda job: count(job[1], job[0], path, warm, args), jobs)))
    print(f"instructions (millions) of each stage on {path.name}; uncounted first pass on {warm.name}")
    print(f"{'stage':18} {'this tree':>12}" + (f" {'compared':>12} {'change':>8}" if args.compare else ""))
    for stage in args.stage or ["signals"]:
        new = counts[(stage, None)]
        line = f"{stage:18} {new / 1e6:12,.1f}"
        if args.compare:
            old = counts[(stage, args.compare)]
            line += f" {old / 1e6:12,.1f} {100 * (new - old) / old:+7.1f}%"
        print(line)


if __name__ == "__main__":
    main()
