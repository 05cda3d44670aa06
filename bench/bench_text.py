"""Benchmark of the text engine against SnowNLP's sentiment, side by side in one run.

    python bench/bench_text.py            # 20,000 texts (a minute or two on 2 cores)
    python bench/bench_text.py --quick    # 2,000 texts

Texts: real Chinese reviews (hotel and shopping, cut to at most 100 characters) from ``data/text``
(``scripts/text/copy_data.py``). Both contenders run in this process on one core (BLAS threads
pinned to 1 before NumPy loads). cxloop runs the FULL analysis (language, sentiment, type, emotion,
aspects with polarity and spans, urgency, personal data) through ``analyze_batch``; SnowNLP computes
sentiment only, one text at a time (its only API), on a sample scaled to the same count. Model load
time and peak memory are measured in fresh subprocesses so that nothing is cached.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

MAX_CHARS = 100
BATCH = 1000
LOAD_CODE = """
import time
t0 = time.perf_counter()
import cxloop.text as t
t1 = time.perf_counter()
a = t.Analyzer.load()
t2 = time.perf_counter()
a.analyze_batch(["排队两个小时，工作人员态度很差"] * 1000)
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it would report the parent's peak
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(t1 - t0, t2 - t1, int(hwm.split()[1]) / 1024)
"""


def texts(n: int, min_chars: int = 1) -> list[str]:
    """``n`` reviews cut to MAX_CHARS, from those with at least ``min_chars`` characters."""
    from cxloop.text.training import datasets

    h = datasets.hotels()
    s = datasets.shopping(drop_hotels=True)
    pool = [t[:MAX_CHARS] for t in h.texts + s.texts if len(t.strip()) >= min_chars]
    rng = np.random.default_rng(0)
    return [pool[i] for i in rng.choice(len(pool), n, replace=len(pool) < n)]


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    n = 2000 if quick else 20000
    sample = texts(n)
    from snownlp import SnowNLP

    from cxloop.text import load_model

    analyzer = load_model()
    analyzer.analyze_batch(sample[:200])  # warm caches (regexes, lexicons)
    assert 0.0 <= SnowNLP(sample[0]).sentiments <= 1.0

    start = time.perf_counter()
    for i in range(0, n, BATCH):
        results = analyzer.analyze_batch(sample[i : i + BATCH])
        assert len(results) == len(sample[i : i + BATCH])
    ours = time.perf_counter() - start

    long_sample = texts(n, min_chars=MAX_CHARS)
    start = time.perf_counter()
    for i in range(0, n, BATCH):
        analyzer.analyze_batch(long_sample[i : i + BATCH])
    ours_long = time.perf_counter() - start

    k = min(n, 1000 if quick else 3000)
    start = time.perf_counter()
    snow_scores = [SnowNLP(t).sentiments for t in sample[:k]]
    snow = (time.perf_counter() - start) * n / k
    assert len(snow_scores) == k

    loads, imports, peaks = [], [], []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", LOAD_CODE], capture_output=True, text=True, check=True
        ).stdout.split()
        imports.append(float(out[0]))
        loads.append(float(out[1]))
        peaks.append(float(out[2]))

    mean_len = sum(map(len, sample)) / n
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print()
    print("| what | texts | time | texts per second | ratio |")
    print("|---|---|---|---|---|")
    print(
        f"| cxloop analyze_batch (full analysis) | {n:,} (mean {mean_len:.0f} chars) | "
        f"{ours:.2f} s | {n / ours:,.0f} | {snow / ours:.1f}x SnowNLP |"
    )
    print(
        f"| cxloop analyze_batch, texts of exactly {MAX_CHARS} chars | {n:,} | "
        f"{ours_long:.2f} s | {n / ours_long:,.0f} | - |"
    )
    print(
        f"| SnowNLP sentiments (sentiment only; timed on {k:,}, scaled) | {n:,} | "
        f"{snow:.2f} s | {n / snow:,.0f} | 1x |"
    )
    print()
    print(
        f"model load (Analyzer.load, fresh process, best of 3): {min(loads):.3f} s "
        f"(import of cxloop.text: {min(imports):.3f} s)"
    )
    print(f"peak memory after load + 1,000 analyses (VmHWM): {max(peaks):.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
