"""Instructions per full analysis, counted by valgrind (callgrind): a speed figure noise cannot move.

    python bench/bench_text_instructions.py                       # this checkout, 1,000 texts
    python bench/bench_text_instructions.py --baseline /tmp/old/src   # and another checkout's src
    python bench/bench_text_instructions.py --quick                # 200 texts (make bench)

Why: wall-clock figures on the shared 2-core VM swing by +-30% with the load of other sessions;
callgrind counts the instructions the CPU executes, the same on every run of the same code and
input. Each figure is the difference of two runs, one analysing ``--n`` texts after a warm-up and one
stopping after the warm-up, so that imports and model loading cancel out. ``--baseline`` names the
``src`` folder of another checkout (e.g. a ``git worktree`` of an older commit), measured on the
same texts in the same invocation, so the ratio compares like with like. Takes a few minutes
(valgrind runs Python about 50x slower). Needs Debian's ``valgrind`` and the data copies of
``scripts/text/copy_data.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKER = """
import os, sys
sys.path.insert(0, {bench!r})
from bench_text import texts
from cxloop.text import load_model
n, kind = int(sys.argv[1]), sys.argv[2]
analyzer = load_model()
sample = texts(n + 50, min_chars=100 if kind == "long" else 1)
analyzer.analyze_batch(sample[:50])  # warm-up: lexicons compiled, caches filled
if n:
    analyzer.analyze_batch(sample[50 : 50 + n])
"""
VALGRIND = ("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null")
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions(src: Path, n: int, kind: str) -> int:
    """Instructions of one worker run with ``src`` first on the import path."""
    env = {**os.environ, "PYTHONPATH": str(src), "OPENBLAS_NUM_THREADS": "1"}
    code = WORKER.format(bench=str(ROOT / "bench"))
    proc = subprocess.run(
        [*VALGRIND, sys.executable, "-c", code, str(n), kind],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    m = _COLLECTED.search(proc.stderr)
    if m is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{proc.stderr[-2000:]}")
    return int(m.group(1))


def per_text(src: Path, n: int, kind: str) -> float:
    return (instructions(src, n, kind) - instructions(src, 0, kind)) / n


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1000, help="texts analysed per run")
    p.add_argument("--baseline", type=Path, default=None, help="another checkout's src folder")
    p.add_argument("--quick", action="store_true", help="200 texts per run (make bench --quick)")
    args = p.parse_args(argv)
    if args.quick:
        args.n = min(args.n, 200)
    if shutil.which("valgrind") is None:  # make bench goes on with the other benchmarks
        print("SKIPPED: valgrind not found (Debian package valgrind)")
        return 0
    print("| code | texts of <= 100 chars (mean ~43) | texts of exactly 100 chars |")
    print("|---|---|---|")
    rows = {}
    for name, src in (("baseline", args.baseline), ("this checkout", ROOT / "src")):
        if src is None:
            continue
        mixed, long = per_text(src, args.n, "mixed"), per_text(src, args.n, "long")
        rows[name] = (mixed, long)
        print(
            f"| {name} ({src}) | {mixed / 1e6:.2f} M instructions | {long / 1e6:.2f} M instructions |"
        )
    if len(rows) == 2:
        (bm, bl), (m, lg) = rows["baseline"], rows["this checkout"]
        print(f"| ratio (baseline / this) | {bm / m:.2f}x | {bl / lg:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
