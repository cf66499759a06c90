"""A synthetic multi-outlet news corpus (JSONL) for the report tests.

Five outlets with non-country names, ISO dates over four years, short
articles with framing terms of the shipped international-order lexicon
planted at outlet-specific rates, and some exact duplicate texts (wire
copies) so that ``--dedupe`` has something to drop.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

OUTLETS = ("Global Times", "Reuters", "Le Monde", "Al Jazeera", "The Hindu")

FILLER = (
    "the minister said on monday that talks would continue next week while officials in the "
    "capital weighed the economic cost of the dispute and analysts expected markets to react "
    "cautiously trade figures growth investment energy prices summit delegation agreement "
    "cooperation dialogue partnership security development climate election parliament"
).split()

#: Framing phrases of the shipped lexicon, one list per outlet (planted more often there).
PLANTED = {
    "Global Times": ["external interference", "hegemony", "multipolar world", "sovereignty"],
    "Reuters": ["sanctions", "isolation", "rogue state", "sanctions"],
    "Le Monde": ["multilateralism", "sovereignty", "isolation", "coercion"],
    "Al Jazeera": ["sanctions", "occupation", "sovereignty", "interference"],
    "The Hindu": ["multipolar world", "strategic autonomy", "sovereignty", "counterweight"],
}


def news_records(*, per_outlet: int = 60, seed: int = 0, dates: bool = True) -> list[dict]:
    """``per_outlet`` articles of each outlet (plus duplicates), as JSON-ready dicts."""
    rng = np.random.default_rng(seed)
    rows = []
    for o, outlet in enumerate(OUTLETS):
        for i in range(per_outlet):
            words = list(rng.choice(FILLER, size=80))
            for _ in range(3):
                pos = int(rng.integers(0, len(words)))
                words.insert(pos, str(rng.choice(PLANTED[outlet])))
            words.insert(int(rng.integers(0, len(words))), str(rng.choice(PLANTED[OUTLETS[0]])))
            text = ". ".join(" ".join(words[j : j + 14]) for j in range(0, len(words), 14)) + "."
            row = {
                "id": f"{o}-{i}",
                "outlet": outlet,
                "headline": f"{outlet} report {i}",
                "body": text.capitalize(),
            }
            if dates:
                year = 2020 + i % 4
                row["published"] = f"{year}-{1 + i % 12:02d}-{1 + i % 27:02d}"
            rows.append(row)
    # exact duplicates: a wire story carried again under new ids
    for k in range(12):
        dup = dict(rows[k * 7])
        dup["id"] = f"dup-{k}"
        rows.append(dup)
    return rows


def write_news_corpus(path: Path, **kwargs) -> Path:
    """Write :func:`news_records` as JSON Lines to ``path``."""
    rows = news_records(**kwargs)
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    return path
