"""Copy the public data sets the text models train on from a data folder into ``data/text``.

Why a copy step rather than files in git: the hotel, shopping, restaurant-aspect and Weibo sets are
research-only and their provenance says not to redistribute them in a project repository, and the
airline tweets are CC BY-NC-SA (non-commercial, share-alike), which an Apache-2.0 repository should
not carry either. So no data file is committed: this script copies every set from a local folder
(``/work/shared/data`` on the project machines) into the git-ignored ``data/text``, checking each
file's SHA-256 against its recorded provenance, and skips files already copied (the test fixture
calls it on every run).

    .venv/bin/python scripts/text/copy_data.py --source /work/shared/data
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import shutil
import sys
from pathlib import Path

# set -> (file, sha256 as copied on 2026-11-24)
FILES: dict[str, tuple[str, str]] = {
    "ChnSentiCorp_htl_all": (
        "ChnSentiCorp_htl_all.csv",
        "1d414b9c65caf3a836abdb4efded621968502ad3338e1a9d885ae131c86083f0",
    ),
    "online_shopping_10_cats": (
        "online_shopping_10_cats.csv",
        "f6c5b724122d8547b700ac4524898eb7e28abbee63f798e95a8faa408829afdb",
    ),
    "ai_challenger_2018_fsauor": (
        "aic2018_fsauor_subset_train2.csv",
        "d1090ecd701543b99ff52244b298b982c065d03cbedeae92e209a975f27aa563",
    ),
    "smp2020_ewect_virus": (
        "virus_train.csv",
        "e0007bf5855b006d396b7dde79ae18f375e04399c8ec3f18baff95af242b5db9",
    ),
    "twitter_us_airline_sentiment": (
        "Tweets_united_southwest_delta.csv",
        "339a66ad82f304eefb5e4e4137c6c1f7697580f8eaae48bc72e5bf42d834ac12",
    ),
    "banking77": (
        "train.csv",
        "b06e26ac675513959a63135f11b94ea7786ed02da65db93a5650d8838cbc664b",
    ),
    "cfpb_complaints_sample": (
        "complaints_sample.csv",
        "62db0ac12e10f32b77f876283818fe7f6508fed767791d90dda190fd1922878f",
    ),
}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def copy_all(source: Path, dest: Path, *, quiet: bool = False) -> int:
    """Copy (gzip) every set from ``source`` into ``dest``; 1 when a file is missing or differs."""
    for name, (fname, digest) in FILES.items():
        src = source / name / fname
        out_dir = dest / name
        out = out_dir / (fname + ".gz")
        stamp = out_dir / (fname + ".sha256")
        if out.is_file() and stamp.is_file() and stamp.read_text().strip() == digest:
            continue
        if not src.is_file():
            print(f"missing {src}", file=sys.stderr)
            return 1
        actual = sha256(src)
        if actual != digest:
            print(f"{src}: sha256 {actual} differs from the provenance {digest}", file=sys.stderr)
            return 1
        out_dir.mkdir(parents=True, exist_ok=True)
        with src.open("rb") as fin, gzip.GzipFile(out, "wb", mtime=0) as fout:
            shutil.copyfileobj(fin, fout)
        stamp.write_text(actual + "\n")
        prov = source / name / "PROVENANCE.md"
        if prov.is_file():
            shutil.copyfile(prov, out_dir / "PROVENANCE.md")
        if not quiet:
            print(f"{name}: {fname} sha256 {actual} -> {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--source", type=Path, default=Path("/work/shared/data"))
    p.add_argument("--dest", type=Path, default=Path(__file__).resolve().parents[2] / "data/text")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    return copy_all(args.source, args.dest, quiet=args.quiet)


if __name__ == "__main__":
    raise SystemExit(main())
