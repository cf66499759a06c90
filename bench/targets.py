"""Bench rows of issue 16: ``frame_rates(around=)`` against ``frame_rates``; a warm ALC comparison.

Run alone: ``python bench/targets.py [--ungdc PATH]`` (uses ``DISCOURSE_CACHE``;
the first run builds the token store and the base word2vec). Prints JSON rows.
Bars: around/plain <= 2; meaning of one term, warm, < 60 s.
"""

from __future__ import annotations

import argparse
import json
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ungdc", default="/work/shared/corpora/ungdc")
    ap.add_argument("--term", default="sanctions")
    args = ap.parse_args()
    import discourse as dc
    from discourse.datasets import ungdc

    c = ungdc.load(args.ungdc)
    dc.tokens(c)
    t = time.perf_counter()
    dc.frame_rates(c, n_boot=200)
    plain = time.perf_counter() - t
    t = time.perf_counter()
    dc.frame_rates(c, around="Syria", n_boot=200)
    around = time.perf_counter() - t
    base = dc.EmbeddingModel(workers=2, seed=0).fit(c)  # cached after the first run
    t = time.perf_counter()
    model = dc.ALCModel(embeddings=base).fit(c)
    r = dc.meaning(model, c, args.term, groups=["USA", "RUS", "CUB", "GBR"])
    alc = time.perf_counter() - t
    rows = [
        {"row": "targets_around", "plain_s": plain, "around_s": around, "ratio": around / plain},
        {"row": "targets_alc_warm", "seconds": alc, "pairs": len(r.distances)},
    ]
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
