"""Run every benchmark in this folder: `make bench` (or `python bench/run.py --quick`).

Each `bench_*.py` is a script of its own that times a baseline in the same run and prints a
markdown table; this runner only calls them one after the other and stops on the first failure.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    scripts = sorted(here.glob("bench_*.py"))
    only = [a for a in argv if not a.startswith("-")]
    flags = [a for a in argv if a.startswith("-")]
    if only:
        scripts = [s for s in scripts if any(name in s.stem for name in only)]
    if not scripts:
        print("no benchmark matched", file=sys.stderr)
        return 2
    for script in scripts:
        print(f"\n### {script.name}\n", flush=True)
        result = subprocess.run([sys.executable, str(script), *flags], check=False)
        if result.returncode != 0:
            print(f"{script.name} failed with exit code {result.returncode}", file=sys.stderr)
            return result.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
