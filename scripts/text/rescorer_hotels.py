"""Does the aspect polarity re-scorer (fitted on restaurant reviews) carry to hotel reviews?

``python scripts/text/rescorer_hotels.py [--n 1500]``: fits the re-scorer on the restaurant data
into a scratch model directory (as ``cxloop text train --aspect-rescorer`` would), analyses a
seeded sample of hotel reviews with and without it, and prints how often an aspect's polarity
contradicts the review's own label (a negative aspect in a positive review or the reverse), how
the readings moved, and a sample of the changed readings to judge by eye. Hotel reviews have no
aspect labels, so the contradiction rate is a proxy, not an accuracy: a positive review may well
name one bad thing. It is the evidence for not bundling the re-scorer (MODEL_CARD.md).
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from cxloop.text import Analyzer
from cxloop.text.analyzer import BUNDLED_DIR
from cxloop.text.training import aspect_polarity, datasets


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1500, help="hotel reviews sampled (seed 1)")
    p.add_argument("--show", type=int, default=25, help="changed readings printed")
    p.add_argument("--data", type=Path, default=None, help="data folder (default data/text)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        for path in BUNDLED_DIR.iterdir():
            shutil.copy(path, directory / path.name)
        aspect_polarity.build(directory, args.data)
        learned = Analyzer.load(directory)
    rules = Analyzer.load()
    hotels = datasets.hotels(args.data)
    rng = random.Random(1)
    idx = rng.sample(range(len(hotels.texts)), min(args.n, len(hotels.texts)))
    texts = [hotels.texts[i] for i in idx]
    labels = [hotels.labels[i] for i in idx]
    with_l, with_r = learned.analyze_batch(texts), rules.analyze_batch(texts)
    moved: Counter[tuple[str, str]] = Counter()
    changed = []
    contradictions = {"rules": 0, "re-scorer": 0}
    total = 0
    for text, label, a, b in zip(texts, labels, with_l, with_r, strict=True):
        against = "positive" if label == "negative" else "negative"
        for x, y in zip(a.aspects, b.aspects, strict=True):
            total += 1
            contradictions["re-scorer"] += x.polarity == against
            contradictions["rules"] += y.polarity == against
            if x.polarity != y.polarity:
                moved[(y.polarity, x.polarity)] += 1
                changed.append((label, x.key, y.polarity, x.polarity, x.evidence[0].text, text))
    print(f"{len(texts)} hotel reviews, {total} detected aspects")
    for name, n in contradictions.items():
        print(f"  {name}: polarity against the review's label {n} ({n / max(total, 1):.1%})")
    print(f"  readings changed by the re-scorer: {len(changed)}")
    for (old, new), n in moved.most_common():
        print(f"    {old} -> {new}: {n}")
    rng.shuffle(changed)
    for label, key, old, new, word, text in changed[: args.show]:
        print(f"  [{label}] {key} {old} -> {new} ({word}): {text[:80]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
