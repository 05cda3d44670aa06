"""Copy the public data sets the text models train on from a data folder into ``data/text``.

Why a copy step rather than files in git: the hotel, shopping, restaurant-aspect and Weibo sets are
research-only and their provenance says not to redistribute them in a project repository, so the
repository keeps only the permissively licensed sets (airline tweets CC BY-NC-SA, banking77 CC BY,
CFPB public domain) and this script fetches the rest from a local folder (``/work/shared/data`` on
the project machines), checking each file's SHA-256 against its recorded provenance.

    .venv/bin/python scripts/text/copy_data.py --source /work/shared/data
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import shutil
import sys
from pathlib import Path

# set -> (file, sha256 as copied on 2026-11-24, committed to git?)
FILES: dict[str, tuple[str, str | None, bool]] = {
    "ChnSentiCorp_htl_all": (
        "ChnSentiCorp_htl_all.csv",
        "1d414b9c65caf3a836abdb4efded621968502ad3338e1a9d885ae131c86083f0",
        False,
    ),
    "online_shopping_10_cats": (
        "online_shopping_10_cats.csv",
        "f6c5b724122d8547b700ac4524898eb7e28abbee63f798e95a8faa408829afdb",
        False,
    ),
    "ai_challenger_2018_fsauor": (
        "aic2018_fsauor_subset_train2.csv",
        "d1090ecd701543b99ff52244b298b982c065d03cbedeae92e209a975f27aa563",
        False,
    ),
    "smp2020_ewect_virus": (
        "virus_train.csv",
        "e0007bf5855b006d396b7dde79ae18f375e04399c8ec3f18baff95af242b5db9",
        False,
    ),
    "twitter_us_airline_sentiment": (
        "Tweets_united_southwest_delta.csv",
        "339a66ad82f304eefb5e4e4137c6c1f7697580f8eaae48bc72e5bf42d834ac12",
        True,
    ),
    "banking77": (
        "train.csv",
        "b06e26ac675513959a63135f11b94ea7786ed02da65db93a5650d8838cbc664b",
        True,
    ),
    "cfpb_complaints_sample": (
        "complaints_sample.csv",
        "62db0ac12e10f32b77f876283818fe7f6508fed767791d90dda190fd1922878f",
        True,
    ),
}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--source", type=Path, default=Path("/work/shared/data"))
    p.add_argument("--dest", type=Path, default=Path(__file__).resolve().parents[2] / "data/text")
    args = p.parse_args(argv)
    for name, (fname, digest, _committed) in FILES.items():
        src = args.source / name / fname
        if not src.is_file():
            print(f"missing {src}", file=sys.stderr)
            return 1
        actual = sha256(src)
        if digest is not None and actual != digest:
            print(f"{src}: sha256 {actual} differs from the provenance {digest}", file=sys.stderr)
            return 1
        out_dir = args.dest / name
        out_dir.mkdir(parents=True, exist_ok=True)
        out = out_dir / (fname + ".gz")
        with src.open("rb") as fin, gzip.GzipFile(out, "wb", mtime=0) as fout:
            shutil.copyfileobj(fin, fout)
        prov = args.source / name / "PROVENANCE.md"
        if prov.is_file():
            shutil.copyfile(prov, out_dir / "PROVENANCE.md")
        print(f"{name}: {fname} sha256 {actual} -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
