"""``make bench`` rows on the quality of the embeddings: WordSim-353 on the UNGDC.

Measured in a fresh process (``bench/tasks.py emb_quality``), on the full
UNGDC (``--quick``: the first 1,500 speeches):

* the base model of the whole corpus (``EmbeddingModel`` defaults):
  WordSim-353 Spearman ρ (gensim's ``evaluate_word_pairs``; target ≥ 0.50)
  with its coverage, and its fit time;
* ``fit_by(by=sources.grouping(BLOCS))`` (group models continuing the
  base, ``init="base"``): each bloc's ρ over the base's ρ on the pairs both
  cover (target ≥ 0.9 for the worst bloc), and the bloc's coverage over the
  base's (≥ 0.9 for the worst bloc); for information, the same ratio on
  the pairs whose two words the bloc itself uses at least ``min_count``
  times (its own text, not the base's vectors);
* ``shift_test`` with 99 permutations on two blocs and three terms: its
  time (information; the p floor is 1/100).
"""

from __future__ import annotations

import time
import warnings

#: Blocs of the source table, disjoint (a member of two gets the first listed).
BLOCS = ["P5", "EU27", "BRICS", "G77"]
SHIFT = {"target": "P5", "reference": "G77", "terms": ["sovereignty", "terrorism", "development"]}
N_PERM = 99
#: EmbeddingModel defaults, on both cores (workers=2 is not bit-reproducible, but faster).
PARAMS = {"workers": 2}


def _pairs() -> list[tuple[str, str, float]]:
    from gensim.test.utils import datapath

    out = []
    with open(datapath("wordsim353.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            a, b, s = line.rstrip("\n").split("\t")[:3]
            out.append((a.lower(), b.lower(), float(s)))
    return out


def _rho(kv, pairs) -> float:
    import numpy as np
    from scipy.stats import spearmanr

    if len(pairs) < 3:
        return float("nan")
    sims = [
        float(np.dot(kv.get_vector(a, norm=True), kv.get_vector(b, norm=True))) for a, b, _ in pairs
    ]
    return float(spearmanr(sims, [s for _, _, s in pairs]).correlation)


def measure(spec: dict) -> dict:
    """Fit the base and the bloc models, score them, time the shift test."""
    from gensim.test.utils import datapath
    from tasks import corpus  # noqa: PLC0415 - bench/ is on sys.path when run as a script

    from discourse.models.embeddings import EmbeddingModel, fit_by

    c = corpus(spec)
    params = dict(spec.get("params", {}))
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        base = EmbeddingModel(**params).fit(c)
    base_seconds = time.perf_counter() - t
    _, sp, oov = base.wv_.evaluate_word_pairs(datapath("wordsim353.tsv"))
    pairs = _pairs()
    covered = [p for p in pairs if p[0] in base.wv_.key_to_index and p[1] in base.wv_.key_to_index]
    mapping = c.sources.grouping(spec.get("blocs", BLOCS))
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        emb = fit_by(c, by=mapping, **params)
    groups_seconds = time.perf_counter() - t
    mc = base.min_count
    groups = {}
    for g, m in emb.models_.items():
        kv = m.wv_
        shared = [p for p in covered if p[0] in kv.key_to_index and p[1] in kv.key_to_index]
        own = [p for p in shared if emb.count(p[0], g) >= mc and emb.count(p[1], g) >= mc]
        groups[g] = {
            "tokens": int(emb.tokens_[g]),
            "rho": _rho(kv, shared),
            "base_rho_shared": _rho(base.wv_, shared),
            "coverage": len(shared) / len(pairs),
            "own_pairs": len(own),
            "rho_own": _rho(kv, own),
            "base_rho_own": _rho(base.wv_, own),
        }
    st = dict(SHIFT)
    t = time.perf_counter()
    res = emb.shift_test(st.pop("terms"), n_perm=N_PERM, **st)
    shift_seconds = time.perf_counter() - t
    return {
        "seconds": base_seconds,
        "base_rho": float(sp.correlation),
        "base_oov": float(oov),
        "base_coverage": len(covered) / len(pairs),
        "base_vocab": len(base.wv_),
        "base_tokens": int(base.provenance_["n_tokens"]),
        "base_from_cache": bool(base.provenance_["from_cache"]),
        "base_params": base.provenance_["params"],
        "groups_seconds": groups_seconds,
        "groups": groups,
        "shift_seconds": shift_seconds,
        "shift": res[["term", "shift", "model_shift", "p", "n_null"]].to_dict("records"),
    }


def rows(bench) -> None:
    """Add the embedding-quality rows to a ``bench.run.Bench``."""
    res = bench.run("emb_quality", "emb_quality", "emb", spec=dict(bench.spec, params=PARAMS))
    p = res["base_params"]
    settings = (
        f"{'skip-gram' if p['sg'] else 'CBOW'}, {p['vector_size']} dims, window {p['window']}, "
        f"min_count {p['min_count']}, {p['epochs']} epochs, sample {p['sample']}, "
        f"{p['workers']} workers"
    )
    bench.add(
        "embeddings: WordSim-353 ρ, base model of the whole corpus",
        f"{res['base_rho']:.3f}",
        "",
        f"{res['base_rho']:.3f}",
        ">= 0.50",
        res["base_rho"] >= 0.50,
        f"coverage {res['base_coverage']:.0%} of the 353 pairs; {settings}; "
        f"{res['base_tokens']:,} tokens, {res['base_vocab']:,} words; fit "
        f"{res['seconds']:.0f} s{' (cache)' if res['base_from_cache'] else ''}",
    )
    g = res["groups"]
    ratio = {k: v["rho"] / v["base_rho_shared"] for k, v in g.items()}
    worst = min(ratio, key=ratio.get)
    own = ", ".join(
        f"{k} {v['rho_own'] / v['base_rho_own']:.2f} on {v['own_pairs']}" for k, v in g.items()
    )
    bench.add(
        "embeddings: bloc ρ / base ρ on the pairs both cover (worst bloc)",
        f"{g[worst]['rho']:.3f} ({worst})",
        f"{g[worst]['base_rho_shared']:.3f}",
        f"{ratio[worst]:.2f}",
        ">= 0.9",
        ratio[worst] >= 0.9,
        "fit_by(init='base'): "
        + ", ".join(f"{k} {ratio[k]:.2f} ({v['tokens']:,} tokens)" for k, v in g.items())
        + f"; on pairs whose words the bloc itself uses >= min_count times: {own} pairs; "
        f"bloc fits {res['groups_seconds']:.0f} s",
    )
    cov = {k: v["coverage"] / res["base_coverage"] for k, v in g.items()}
    worst = min(cov, key=cov.get)
    bench.add(
        "embeddings: bloc coverage / base coverage of WordSim-353 (worst bloc)",
        f"{g[worst]['coverage']:.0%} ({worst})",
        f"{res['base_coverage']:.0%}",
        f"{cov[worst]:.2f}",
        ">= 0.9",
        cov[worst] >= 0.9,
        "every bloc model has the base vocabulary (words a bloc never uses keep base vectors; "
        "filter on the bloc's own count)",
    )
    shown = "; ".join(f"{r['term']} p={r['p']:.2f}" for r in res["shift"])
    bench.add(
        f"embeddings: shift_test, {N_PERM} permutations, 3 terms, "
        f"{SHIFT['target']} vs {SHIFT['reference']}",
        f"{res['shift_seconds']:.1f} s",
        "",
        "",
        "(time; p floor 0.01)",
        None,
        f"context-shift statistic, document permutations; {shown}",
    )
