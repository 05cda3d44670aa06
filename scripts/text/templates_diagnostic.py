"""How does a model read the demo's comment templates, whose aspect and polarity are known?

``python scripts/text/templates_diagnostic.py [MODEL_DIR]``: fills the slots of every template in
``cxloop.demo.texts_gov`` and ``texts_hotel`` (written by a session to make the demo look real,
each under a known aspect and polarity), analyses them with the bundled model or the one in
MODEL_DIR, and prints per library how many of the negative and the positive templates are read as
negative and how often the intended aspect is found. A diagnostic, not a benchmark: the texts are
synthetic. It is the evidence for the government-domain limitation in MODEL_CARD.md, where no real
labelled data exists.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from cxloop.demo import texts_gov, texts_hotel
from cxloop.text import analyze_batch, load_model

SLOTS = {
    "service": "社保卡补办",
    "window": "3号窗口",
    "staff": "小王",
    "minutes": "40",
    "n": "三",
    "days": "5",
    "unit": "SB",
    "dish": "小笼包",
    "room": "1205",
}
LIBRARIES = {
    "zh government": texts_gov.ZH_GOV,
    "zh hotel": texts_hotel.ZH_HOTEL,
    "en hotel": texts_hotel.EN_HOTEL,
    "en government": texts_hotel.EN_GOV,
}


def fill(template: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SLOTS.get(m.group(1), "x"), template)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", nargs="?", type=Path, default=None)
    args = parser.parse_args()
    model = load_model(args.model_dir) if args.model_dir else load_model()
    print(f"model {model.version}")
    print("| templates | polarity | n | read negative | intended aspect found |")
    print("|---|---|---|---|---|")
    for name, library in LIBRARIES.items():
        rows = [(a, p, fill(t)) for a, by in library.items() for p, ts in by.items() for t in ts]
        results = analyze_batch([r[2] for r in rows], analyzer=model)
        count: Counter[tuple[str, str]] = Counter()
        for (aspect, polarity, _), result in zip(rows, results, strict=True):
            count[polarity, "n"] += 1
            count[polarity, "negative"] += result.sentiment.label == "negative"
            count[polarity, "aspect"] += aspect in result.aspect_keys
        for polarity in ("negative", "positive"):
            n = count[polarity, "n"]
            if n:
                print(
                    f"| {name} | {polarity} | {n} | {count[polarity, 'negative'] / n:.0%} "
                    f"| {count[polarity, 'aspect'] / n:.0%} |"
                )


if __name__ == "__main__":
    main()
