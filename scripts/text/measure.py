"""Measure the issue-3 targets on held-out data: ``python scripts/text/measure.py [--only NAME]``.

Each target retrains on its training part with the shipped training code (see
``cxloop.text.training.targets``); results are printed as JSON and written to ``--json``.
Run ``scripts/text/copy_data.py`` first so that ``data/text`` holds the data sets.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from cxloop.text.training.targets import TARGETS, markdown


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", action="append", choices=sorted(TARGETS), help="repeatable")
    p.add_argument("--data", type=Path, default=None, help="data folder (default data/text)")
    p.add_argument("--json", type=Path, default=None, help="also write the results here")
    p.add_argument(
        "--markdown", type=Path, nargs="*", default=None, help="only print the table of JSON files"
    )
    args = p.parse_args(argv)
    if args.markdown is not None:
        merged: dict[str, dict[str, object]] = {}
        for path in args.markdown:
            merged.update(json.loads(path.read_text(encoding="utf-8")))
        print(markdown(merged))  # type: ignore[arg-type]
        return 0
    results = {}
    for name in args.only or list(TARGETS):
        t0 = time.perf_counter()
        print(f"{name} ...", file=sys.stderr, flush=True)
        res = TARGETS[name](args.data)
        res["seconds"] = round(time.perf_counter() - t0, 1)
        results[name] = res
    text = json.dumps(results, ensure_ascii=False, indent=1)
    print(text)
    if args.json is not None:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
