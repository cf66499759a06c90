"""Targets and their contexts: counts equal a brute-force count; planted effects are found."""

from __future__ import annotations

import numpy as np
import pytest

from discourse import Corpus, Document, Tokenizer, tokens
from discourse.analysis import (
    TargetContexts,
    frame_rates,
    keyness,
    kwic,
    load_targets,
    mentions,
    rate_differences,
    term_rates,
)
from discourse.errors import ParameterError

TARGETS = {"Syria": ["syria", "syrian", "damascus"], "Regime": ["assad regime"]}

DOCS = [
    # mention at the start and at the end, overlapping windows
    Document("a", "Syria isolation peace isolation syria syria war isolation Damascus", "USA"),
    # a phrase target and a phrase term
    Document("b", "the assad regime faces external interference and isolation today", "USA"),
    # paragraphs: the window stops at nothing but the paragraph context does
    Document("c", "isolation of the people\n\nSyrian talks on isolation\n\npeace isolation", "SYR"),
    Document("d", "no mention here isolation isolation", "SYR"),
    Document("e", "external interference in syria is external interference", "CHN"),
]


def unit_bounds(text, unit):
    """Token offsets where each sentence or paragraph of ``text`` starts, from the tokenizer."""
    split = Tokenizer().sentences if unit == "sentence" else Tokenizer().paragraphs
    return np.cumsum([0] + [len(u) for u in split(text)]).tolist()


def brute(corpus, target_patterns, terms, window=None, paragraph=False, unit=None):
    """Count terms and context tokens per source by scanning token lists.

    ``unit="sentence"`` or ``"paragraph"`` reads the units from the tokenizer
    (not from the store); ``paragraph=True`` reads paragraphs from the store.
    """
    store = tokens(corpus)
    text_of = {d.id: d.text for d in corpus}
    out = {}
    for r, ids in store.iter_ids(store.select(corpus)):
        toks = [store.vocab[i] for i in ids]
        n = len(toks)
        ment = set()
        for pat in target_patterns:
            p = pat.split()
            for i in range(n - len(p) + 1):
                if toks[i : i + len(p)] == p:
                    ment.update(range(i, i + len(p)))
        ctx = set()
        if ment and (paragraph or unit):
            if unit:
                bounds = unit_bounds(text_of[store.docs["id"].iloc[r]], unit)
                assert bounds[-1] == n
            else:
                a = int(store.offsets[r])
                starts = [int(s) - a for s in store.paragraph_starts if a <= s < a + n] or [0]
                bounds = sorted(set(starts + [0])) + [n]
            for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
                if any(lo <= m < hi for m in ment):
                    ctx.update(range(lo, hi))
        elif ment:
            for m in ment:
                ctx.update(range(max(0, m - window), min(n, m + window + 1)))
        ctx -= ment
        src = store.docs["source"].iloc[r]
        c = out.setdefault(src, {"tokens": 0, **{t: 0 for t in terms}})
        c["tokens"] += len(ctx)
        for t in terms:
            p = t.split()
            for i in range(n - len(p) + 1):
                if toks[i : i + len(p)] == p and all(j in ctx for j in range(i, i + len(p))):
                    c[t] += 1
    return out


@pytest.mark.parametrize("window", [1, 2, 3, 8])
def test_window_counts_equal_brute_force(window):
    c = Corpus(DOCS)
    terms = ["isolation", "external interference", "peace"]
    t = term_rates(c, terms, around="Syria", window=window, targets=TARGETS, n_boot=10)
    want = brute(c, TARGETS["Syria"], terms, window=window)
    for src, counts in want.items():
        rows = t[t["source"] == src]
        assert int(rows["tokens"].iloc[0]) == counts["tokens"]
        for term in terms:
            assert int(rows.loc[rows["term"] == term, "count"].iloc[0]) == counts[term], (src, term)


def test_phrase_target_and_paragraph_contexts():
    c = Corpus(DOCS)
    terms = ["isolation", "external interference"]
    t = term_rates(c, terms, around="Regime", window=2, targets=TARGETS, n_boot=10)
    want = brute(c, ["assad regime"], terms, window=2)
    got = t[t["source"] == "USA"].set_index("term")["count"]
    assert got["isolation"] == want["USA"]["isolation"]
    p = term_rates(c, terms, around="Syria", context="paragraph", targets=TARGETS, n_boot=10)
    want = brute(c, TARGETS["Syria"], terms, paragraph=True)
    row = p[(p["source"] == "SYR") & (p["term"] == "isolation")]
    assert int(row["count"].iloc[0]) == want["SYR"]["isolation"] == 1
    assert int(row["tokens"].iloc[0]) == want["SYR"]["tokens"]


def test_no_mention_gives_a_row_with_the_reason():
    c = Corpus(DOCS)
    t = term_rates(c, ["isolation"], around="Regime", targets=TARGETS, n_boot=10)
    row = t[t["source"] == "SYR"].iloc[0]
    assert row["mentions"] == 0 and row["tokens"] == 0 and np.isnan(row["rate_per_10k"])
    assert "no mention" in row["note"]


@pytest.mark.parametrize("window", [0, -1, 1.5, True])
def test_bad_window_raises(window):
    with pytest.raises(ParameterError, match="window"):
        term_rates(Corpus(DOCS), ["isolation"], around="Syria", window=window, targets=TARGETS)


# -- sentence contexts ---------------------------------------------------------------
SENT_DOCS = [
    # mentions at the first and the last token; an abbreviation and a number inside
    Document(
        "sa",
        "Syria faces isolation. Mr. Smith saw 1.5 per cent. Peace and isolation in Damascus",
        "USA",
    ),
    # two mentions in one sentence; isolation outside it
    Document(
        "sb", "Isolation first. Syria and Syria again face isolation! Peace. Isolation", "USA"
    ),
    # a phrase target over a sentence end, and a phrase term over the same end
    Document(
        "sc",
        "We saw external interference and the Assad. Regime change is isolation. Then peace",
        "SYR",
    ),
    # a line wrap is no sentence end; a paragraph break is, without a full stop
    Document("sd", "isolation here\n\nSyrian talks on\nisolation and peace\n\nisolation", "SYR"),
    Document("se", "No mention here. Isolation, isolation.", "CHN"),
    # a quoted sentence; U.S. does not end one
    Document("sf", '"Syria must act." The U.S. External interference. Isolation', "CHN"),
]
TERMS = ["isolation", "peace", "external interference", "regime change"]


@pytest.mark.parametrize("target", ["Syria", "Regime"])
def test_sentence_counts_equal_brute_force(target):
    c = Corpus(SENT_DOCS)
    t = term_rates(c, TERMS, around=target, context="sentence", targets=TARGETS, n_boot=10)
    want = brute(c, TARGETS[target], TERMS, unit="sentence")
    for src, counts in want.items():
        rows = t[t["source"] == src]
        assert int(rows["tokens"].iloc[0]) == counts["tokens"], src
        for term in TERMS:
            assert int(rows.loc[rows["term"] == term, "count"].iloc[0]) == counts[term], (src, term)
    assert t.attrs["around"] == f"{target} (sentences)"


def test_paragraph_counts_equal_brute_force_on_the_sentence_fixtures():
    c = Corpus(SENT_DOCS)
    t = term_rates(c, TERMS, around="Syria", context="paragraph", targets=TARGETS, n_boot=10)
    want = brute(c, TARGETS["Syria"], TERMS, unit="paragraph")
    for src, counts in want.items():
        rows = t[t["source"] == src]
        assert int(rows["tokens"].iloc[0]) == counts["tokens"], src


def test_phrase_mention_over_a_sentence_end_takes_both_sentences():
    """Mentions are matched on the token stream, whatever the context rule."""
    c = Corpus([SENT_DOCS[2]])
    store = tokens(c)
    tcx = TargetContexts(store, "Regime", context="sentence", targets=TARGETS)
    (sc,) = tcx.scan(store.select(c))
    assert sc["mentions"][0] == 1
    # "we saw external interference and the" + "change is isolation": 6 + 3 tokens
    assert sc["tokens"][0] == 9
    per_rule = [
        term_rates(c, ["isolation"], around="Regime", targets=TARGETS, n_boot=5, **kw)["mentions"]
        for kw in ({}, {"window": 2}, {"context": "sentence"}, {"context": "paragraph"})
    ]
    assert all(int(m.iloc[0]) == 1 for m in per_rule)


def test_sentence_contexts_lie_within_paragraph_contexts():
    c = Corpus(SENT_DOCS + DOCS)
    store = tokens(c)
    rows = store.select(c)
    ctx = {}
    for kw in ({"context": "sentence"}, {"context": "paragraph"}):
        tcx = TargetContexts(store, "Syria", targets=TARGETS, **kw)
        ctx[kw["context"]] = {r: per[0][2] for _, r, _, per in tcx.iter_docs(rows) if per[0]}
    assert ctx["sentence"].keys() == ctx["paragraph"].keys() and ctx["sentence"]
    for r, m in ctx["sentence"].items():
        assert not (m & ~ctx["paragraph"][r]).any()
    # a document with no sentence end: its one sentence is its one paragraph
    assert np.array_equal(
        ctx["sentence"][rows[len(SENT_DOCS)]], ctx["paragraph"][rows[len(SENT_DOCS)]]
    )


@pytest.mark.parametrize("context", ["sentence", "paragraph"])
def test_window_with_a_unit_context_is_refused(context):
    with pytest.raises(ParameterError, match=f"window=5 with context='{context}'"):
        term_rates(Corpus(DOCS), ["isolation"], around="Syria", window=5, context=context)
    with pytest.raises(ParameterError, match=f"within=5 with context='{context}'.*drop within="):
        kwic(Corpus(DOCS), "isolation", around="Syria", within=5, context=context)


def test_context_options_without_around_are_refused():
    with pytest.raises(ParameterError, match="context= needs around="):
        term_rates(Corpus(DOCS), ["isolation"], context="sentence")
    with pytest.raises(ParameterError, match="window=, context= need around="):
        frame_rates(Corpus(DOCS), {"f": ["isolation"]}, window=3, context="sentence")
    with pytest.raises(ParameterError, match="within= needs around="):
        kwic(Corpus(DOCS), "isolation", within=3)
    with pytest.raises(ParameterError, match="context= needs around="):
        keyness(Corpus(DOCS), target="USA", context="sentence")


def test_unknown_context_names_the_choices():
    with pytest.raises(ParameterError, match="'sentence', 'paragraph' or None"):
        term_rates(Corpus(DOCS), ["isolation"], around="Syria", context="sentences")


def test_kwic_around_sentence_keeps_the_matches_in_mention_sentences():
    c = Corpus(SENT_DOCS)
    k = kwic(c, "isolation", around="Syria", context="sentence", targets=TARGETS, window=3)
    store = tokens(c)
    want = []
    for d in SENT_DOCS:
        pos = 0
        for sent in Tokenizer().sentences(d.text):
            if any(w in ("syria", "syrian", "damascus") for w in sent):
                want += [(d.id, pos + i) for i, w in enumerate(sent) if w == "isolation"]
            pos += len(sent)
    assert list(zip(k["doc_id"], k["position"], strict=True)) == want
    assert set(k["target"]) == {"Syria"} and len(want) == 4
    assert len(store.sentence_starts) > len(store.paragraph_starts)


def test_frame_rates_rate_differences_and_keyness_take_sentence_contexts():
    c = Corpus(SENT_DOCS)
    lex = {"iso": ["isolation"], "ext": ["external interference", "peace"]}
    f = frame_rates(c, lex, around="Syria", context="sentence", targets=TARGETS, n_boot=10)
    t = term_rates(c, lex, around="Syria", context="sentence", targets=TARGETS, n_boot=10)
    iso = f[(f["frame"] == "iso")].set_index("source")["count"]
    assert iso.to_dict() == t[t["term"] == "isolation"].set_index("source")["count"].to_dict()
    d = rate_differences(c, lex, around="Syria", context="sentence", targets=TARGETS, n_boot=10)
    assert set(d["target"]) == {"Syria"}
    k = keyness(
        c, target="USA", around="Syria", context="sentence", targets=TARGETS, min_count=1, n_boot=0
    )
    want = brute(c, TARGETS["Syria"], ["isolation"], unit="sentence")["USA"]
    row = k[k["term"] == "isolation"].iloc[0]
    assert row["count_target"] == want["isolation"] == 3
    # context tokens without the stop words (and, again, in): faces isolation peace isolation
    # | face isolation
    assert want["tokens"] == 10 and row["total_target"] == 6
    assert k.attrs["around"] == "Syria (sentences)"


def test_overlapping_targets_longer_match_wins():
    c = Corpus([Document("a", "South Sudan and Sudan; Latin America and America", "X")])
    m = mentions(c, ["Sudan", "South Sudan", "United States"], n_boot=5)
    got = dict(zip(m["target"], m["mentions"], strict=True))
    assert got == {"Sudan": 1, "South Sudan": 1, "United States": 1}


def test_shipped_targets_have_no_false_hits_for_ambiguous_names():
    t = load_targets()
    c = Corpus([Document("a", "Nigeria and Papua New Guinea, the Gulf of Guinea, Niger.", "X")])
    m = mentions(c, ["Niger", "Nigeria", "Guinea", "Papua New Guinea"], targets=t, n_boot=5)
    got = dict(zip(m["target"], m["mentions"], strict=True))
    assert got == {"Niger": 1, "Nigeria": 1, "Guinea": 0, "Papua New Guinea": 1}


def planted(seed=0):
    rng = np.random.default_rng(seed)
    filler = "peace development cooperation nations people world security".split()
    docs = []
    for i in range(60):
        src = "A" if i < 30 else "B"
        words = list(rng.choice(filler, 300))
        for _ in range(4):
            k = int(rng.integers(5, 290))
            words[k] = "syria"
            if src == "A":
                words[k + 2] = "isolation"
        for _ in range(3):  # isolation far from any mention, in both sources
            words[int(rng.integers(0, 300))] = "isolation"
        docs.append(Document(str(i), " ".join(words), src))
    return Corpus(docs)


def test_planted_cooccurrence_is_found_with_an_interval():
    c = planted()
    t = term_rates(c, ["isolation"], around="Syria", window=5, n_boot=200)
    a = t[t["source"] == "A"].iloc[0]
    assert a["ci_low"] > 0
    d = rate_differences(c, ["isolation"], around="Syria", window=5, n_boot=200)
    assert d["target"].iloc[0] == "Syria"
    assert d["ratio_low"].iloc[0] > 1 and d["q"].iloc[0] < 0.01


def test_keyness_around_finds_the_planted_word():
    c = planted()
    k = keyness(c, target="A", reference="B", around="Syria", window=5, min_count=2, n_boot=50)
    assert k["term"].iloc[0] == "isolation"
    assert k["log_ratio_low"].iloc[0] > 0
    o = keyness(c, target="A", around="Syria", window=5, versus="outside", min_count=2, n_boot=0)
    assert o["term"].iloc[0] == "isolation"
    assert "syria" not in set(o["term"])


def test_kwic_around_keeps_only_lines_in_contexts():
    c = Corpus(DOCS)
    k = kwic(c, "isolation", around="Syria", within=2, targets=TARGETS)
    assert set(k["target"]) == {"Syria"}
    everything = kwic(c, "isolation")
    assert 0 < len(k) < len(everything)


def test_contexts_merge_and_exclude_the_mention():
    c = Corpus([Document("a", "x x syria x syria x x x", "X")])
    store = tokens(c)
    tcx = TargetContexts(store, "Syria", window=2)
    sc = tcx.scan(store.select(c))[0]
    assert sc["mentions"][0] == 2
    assert sc["tokens"][0] == 5  # positions 0,1 | 3 | 5,6 ; 2 and 4 are the mentions
