"""Targets: what a source talks *about*, and the contexts where it does.

A **target** is a named set of mention patterns in the lexicon format
(words, phrases, globs; :func:`load_targets`): ``Syria`` is ``syria``,
``syrian``, ``syrians``, ``damascus``, ``syrian arab republic``. The
shipped set (``corpus/targets/countries.toml``) has one target per country
of the source table; add your own (``{"Assad": ["assad", "bashar al-assad"]}``).

A target's **contexts** in a document are the tokens near its mentions,
read on the token store:

* ``window=N``: the N tokens either side of each mention (``N >= 1``;
  default 10 when no ``context`` is given);
* ``context="sentence"``: the sentences that hold a mention (the sentence
  rules are those of :mod:`discourse.tokenization.tokenizer`, recorded in
  the token store);
* ``context="paragraph"``: the paragraphs that hold a mention.

A context is either a window or whole units: ``window=`` with
``context="sentence"`` or ``"paragraph"`` raises :class:`ParameterError`.
Overlapping windows and the units of several mentions merge, so no token is
counted twice, and the target's own tokens (the mention itself) are never
context. Windows stop at the document's edges. A mention is matched on the
token stream, as every count of the package is (so a target's mention
count does not depend on the context rule): a phrase mention that runs
over a sentence or paragraph end, rare as it is, makes both units context.

**Overlapping targets.** A mention of a target inside a longer match of
another target of the same set belongs to the longer one: "sudan" in
"south sudan" is South Sudan, "guinea" in "papua new guinea" Papua New
Guinea, "american" in "latin american" the ``Latin America`` entry. The
shipped set has a few such entries that are not countries (regions, seas,
agreements named after a capital: "paris agreement", "beijing platform")
so that their words are not taken for a country.

Every analysis that takes ``around=`` reads contexts through
:class:`TargetContexts`: :func:`~discourse.term_rates`,
:func:`~discourse.frame_rates`, :func:`~discourse.rate_differences`,
:func:`~discourse.mentions`, :func:`~discourse.keyness`,
:func:`~discourse.kwic`.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from .._config import data_folder
from ..errors import ParameterError
from ..tokenization import TokenStore
from .lexicon import Lexicon, load_lexicon, parse_term
from .matching import Matcher, merged_count

__all__ = [
    "DEFAULT_TARGETS",
    "DEFAULT_WINDOW",
    "TargetContexts",
    "load_targets",
    "check_around",
    "check_context",
    "target_codes",
]

DEFAULT_TARGETS = data_folder("targets") / "countries.toml"
_CONTEXTS = ("window", "sentence", "paragraph")
#: Tokens either side of a mention when neither ``window`` nor ``context`` is given.
DEFAULT_WINDOW = 10
_SHIELD = "shield:"


def load_targets(path: str | Path | None = None) -> Lexicon:
    """Read a set of targets (the lexicon TOML format: one ``[frames.NAME]`` per target).

    Parameters
    ----------
    path : str or Path, optional
        Default: the shipped ``corpus/targets/countries.toml`` (one target per
        country of :func:`discourse.corpus.sources.default_table`, named after
        its display name, with its code as the description).

    Returns
    -------
    Lexicon
        Target name → mention patterns.

    Examples
    --------
    >>> t = load_targets()
    >>> t["Syria"][:3]
    ('syria', 'syrian', 'syrians')
    >>> "china" in t["China"] and "beijing" in t["China"]
    True
    """
    return load_lexicon(DEFAULT_TARGETS if path is None else path)


def target_codes(targets: Lexicon) -> dict[str, str]:
    """Code → target name, for targets whose description is a code (as in the shipped set)."""
    out = {}
    for name, desc in targets.descriptions.items():
        d = desc.strip()
        if d and " " not in d and not d.startswith(_SHIELD):
            out[d.upper()] = name
    return out


def check_context(window: Any, context: Any, *, name: str = "window") -> tuple[int, str]:
    """``(window, context)`` checked: a window of at least 1 token, or ``"sentence"`` / ``"paragraph"``.

    ``window=None`` is :data:`DEFAULT_WINDOW` tokens when no unit is asked
    for; a window and a unit together are refused (a context is one or the
    other). The returned window is 0 for a unit. ``name`` is the window
    parameter as the caller spells it, for the messages (``kwic``: ``within``).
    """
    if context is None or context == "window":
        if window is None:
            return DEFAULT_WINDOW, "window"
        if isinstance(window, bool) or not isinstance(window, (int, np.integer)):
            raise ParameterError(
                f"{name}={window!r}: give a whole number of tokens either side (e.g. {name}=10)"
            )
        if window < 1:
            raise ParameterError(
                f"{name}={window!r}: a context needs at least 1 token either side of a mention; "
                f"use {name}=10, context='sentence' or context='paragraph'"
            )
        return int(window), "window"
    if context not in _CONTEXTS:
        raise ParameterError(
            f"context={context!r}: use 'sentence', 'paragraph' or None (a window of tokens)"
        )
    if window is not None:
        raise ParameterError(
            f"{name}={window!r} with context={context!r}: a context is either a window of tokens "
            f"or whole {context}s; drop {name}= (or context=)"
        )
    return 0, str(context)


def check_around(around: Any, options: Mapping[str, Any]) -> None:
    """Refuse context options (name → value) given without ``around=``: they would be ignored.

    Examples
    --------
    >>> check_around(None, {"window": None, "context": "sentence"})
    Traceback (most recent call last):
    ...
    discourse.errors.ParameterError: context= needs around= (the target to look around); add around='Syria' (a target name, code or pattern)
    """
    if around is not None:
        return
    given = [f"{name}=" for name, v in options.items() if v is not None]
    if given:
        raise ParameterError(
            f"{', '.join(given)} {'needs' if len(given) == 1 else 'need'} around= "
            "(the target to look around); add around='Syria' (a target name, code or pattern)"
        )


def _coerce_targets(targets: Any) -> Lexicon:
    if targets is None:
        return load_targets()
    if isinstance(targets, Lexicon):
        return targets
    if isinstance(targets, (str, Path)) and str(targets).endswith(".toml"):
        return load_targets(targets)
    if isinstance(targets, Mapping):
        return Lexicon(targets, name="targets")
    raise ParameterError(
        f"targets={targets!r}: give a target set (discourse.load_targets(...)), a TOML path "
        "or a mapping name → patterns"
    )


def _resolve(around: Any, targets: Lexicon) -> dict[str, tuple[str, ...]]:
    """The selected targets: name → patterns."""
    if isinstance(around, Lexicon):
        return dict(around.frames)
    if isinstance(around, Mapping):
        if not around:
            raise ParameterError("around={}: name at least one target")
        return dict(Lexicon(around).frames)
    items = [around] if isinstance(around, str) else around
    try:
        items = list(items)
    except TypeError:
        raise ParameterError(
            f"around={around!r}: give a target name ('Syria'), a code ('SYR'), a pattern "
            "('assad'), a list of those, or a mapping name → patterns"
        ) from None
    if not items:
        raise ParameterError("around=[]: name at least one target")
    lower = {k.lower(): k for k in targets.frames}
    codes = target_codes(targets)
    out: dict[str, tuple[str, ...]] = {}
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ParameterError(f"around: {item!r} is not a target name or a pattern")
        key = lower.get(item.strip().lower()) or codes.get(item.strip().upper())
        if key is not None:
            out[key] = targets.frames[key]
        else:  # a pattern: its own target, named after it
            try:
                Lexicon({item: [item]})
            except ParameterError as exc:
                raise ParameterError(f"around={item!r}: {exc}") from None
            out[item] = (item,)
    return out


def _shields(
    selected: dict[str, tuple[str, ...]], targets: Lexicon, store: TokenStore
) -> dict[str, tuple[str, ...]]:
    """Phrases of other targets of the set that contain a word of a selected target."""
    tok = store.tokenizer
    pats = {p for ts in selected.values() for t in ts for p in parse_term(t, tok).patterns}
    out: dict[str, tuple[str, ...]] = {}
    for name, terms in targets.frames.items():
        if name in selected:
            continue
        keep = []
        for t in terms:
            pt = parse_term(t, tok).patterns
            if len(pt) > 1 and any(fnmatch.fnmatchcase(w, p) for w in pt for p in pats):
                keep.append(t)
        if keep:
            out[f"\0{name}"] = tuple(keep)
    return out


class TargetContexts:
    """The mentions and contexts of some targets, on one token store.

    Parameters
    ----------
    store : TokenStore
    around : str, list of str, mapping or Lexicon
        Target names of ``targets`` (``"Syria"``, case-insensitive) or their
        codes (``"SYR"``), or patterns (``"assad"``, ``"bashar al-assad"``),
        each its own target; a mapping name → patterns for ad-hoc targets.
    window : int, optional
        Tokens either side of a mention (at least 1; default 10).
    context : {None, "sentence", "paragraph"}
        The sentences, or the paragraphs, holding a mention, instead of a
        window (not with ``window``).
    targets : Lexicon, path or mapping, optional
        The target set names are looked up in (default :func:`load_targets`);
        its other targets' longer phrases shield their words (module docstring).

    Attributes
    ----------
    names : list of str
        The selected targets, in order.

    Examples
    --------
    >>> from discourse import Corpus, Document, tokens
    >>> c = Corpus([Document("a", "Syria faces isolation. Talks resume. Syria and peace.", "X")])
    >>> store = tokens(c)
    >>> (sc,) = TargetContexts(store, "Syria", context="sentence").scan(store.select(c))
    >>> int(sc["mentions"][0]), int(sc["tokens"][0])  # faces isolation | and peace
    (2, 4)
    >>> (sc,) = TargetContexts(store, "Syria", window=1).scan(store.select(c))
    >>> int(sc["tokens"][0])  # faces | resume, and
    3
    """

    def __init__(
        self,
        store: TokenStore,
        around: Any,
        *,
        window: int | None = None,
        context: str | None = None,
        targets: Any = None,
    ):
        self.window, self.context = check_context(window, context)
        self.store = store
        tset = _coerce_targets(targets)
        selected = _resolve(around, tset)
        self.names: list[str] = list(selected)
        self.patterns = selected
        shields = _shields(selected, tset, store)
        self.matcher = Matcher(store, Lexicon({**selected, **shields}, name="targets"))
        self._n = len(selected)
        self._lens = np.array([len(p) for p in self.matcher.term_pats], dtype=np.int64)

    def describe(self) -> str:
        """One line: the targets and the context rule (for titles and attrs)."""
        how = f"{self.context}s" if self.context != "window" else f"±{self.window} tokens"
        return f"{', '.join(self.names)} ({how})"

    # -- one document ----------------------------------------------------------
    def spans(self, found: dict[int, np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Mention spans ``(starts, ends)`` of each selected target, shadowed matches removed.

        A match is shadowed when a longer match of another target (a shield
        included) covers it. All matches are checked in one vectorised step
        against the multi-token ones, the only ones that can cover another.
        """
        m = self.matcher
        parts = [
            (found[t], found[t] + self._lens[t], f)
            for f, ts in enumerate(m.frame_terms)
            for t in ts
            if t in found
        ]
        if not parts:
            return [(np.zeros(0, np.int64), np.zeros(0, np.int64)) for _ in range(self._n)]
        s = np.concatenate([p[0] for p in parts]).astype(np.int64)
        e = np.concatenate([p[1] for p in parts]).astype(np.int64)
        fr = np.concatenate([np.full(len(p[0]), p[2]) for p in parts])
        length = e - s
        long_ = length > 1
        if long_.any():
            ls, le, ll, lf = s[long_], e[long_], length[long_], fr[long_]
            shadowed = (
                (ls[None, :] <= s[:, None])
                & (le[None, :] >= e[:, None])
                & (ll[None, :] > length[:, None])
                & (lf[None, :] != fr[:, None])
            ).any(axis=1)
            s, e, fr = s[~shadowed], e[~shadowed], fr[~shadowed]
        order = np.argsort(fr, kind="stable")  # each target's matches in their found order
        s, e, fr = s[order], e[order], fr[order]
        cut = np.searchsorted(fr, np.arange(self._n + 1))
        return [(s[a:b], e[a:b]) for a, b in zip(cut[:-1], cut[1:], strict=True)]

    def masks(
        self, row: int, n: int, starts: np.ndarray, ends: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(mention mask, context mask)`` over the ``n`` tokens of document ``row``."""
        diff = np.zeros(n + 1, dtype=np.int64)
        np.add.at(diff, starts, 1)
        np.add.at(diff, np.minimum(ends, n), -1)
        mention = np.cumsum(diff[:n]) > 0
        if self.context != "window":  # whole units: every unit a mention touches
            ps = self.store.unit_starts(self.context)
            a = int(self.store.offsets[row])
            lo, hi = np.searchsorted(ps, [a, a + n])
            cuts = np.concatenate([[0], ps[lo:hi] - a, [n]]).astype(np.int64)
            cuts = np.unique(np.clip(cuts, 0, n))
            first = np.searchsorted(cuts, starts, side="right") - 1
            last = np.searchsorted(cuts, np.minimum(ends, n) - 1, side="right") - 1
            ctx = np.zeros(n + 1, dtype=np.int64)
            np.add.at(ctx, cuts[first], 1)
            np.add.at(ctx, cuts[np.minimum(last + 1, len(cuts) - 1)], -1)
            inside = np.cumsum(ctx[:n]) > 0
        else:
            w = self.window
            ctx = np.zeros(n + 1, dtype=np.int64)
            np.add.at(ctx, np.maximum(starts - w, 0), 1)
            np.add.at(ctx, np.minimum(ends + w, n), -1)
            inside = np.cumsum(ctx[:n]) > 0
        return mention, inside & ~mention

    def iter_docs(
        self, rows: np.ndarray
    ) -> Iterator[tuple[int, int, np.ndarray, list[tuple[int, np.ndarray, np.ndarray] | None]]]:
        """Yield ``(local index, row, ids, per target (mentions, mention mask, context mask) or None)``.

        Only documents with a mention of a selected target are yielded.
        """
        for j, r, arr, found in self.matcher.matches(rows):
            per = []
            hit = False
            for s, e in self.spans(found):
                if len(s) == 0:
                    per.append(None)
                    continue
                hit = True
                mention, ctx = self.masks(r, len(arr), s, e)
                per.append((merged_count(s, e), mention, ctx))
            if hit:
                yield j, r, arr, per

    def mention_counts(self, rows: np.ndarray) -> np.ndarray:
        """Mentions of each selected target in each of ``rows``: a ``len(rows) × targets`` array.

        The counts :meth:`iter_docs` gives, without building the context masks.
        """
        out = np.zeros((len(rows), self._n))
        for j, _, _, found in self.matcher.matches(np.asarray(rows, dtype=np.int64)):
            for k, (s, e) in enumerate(self.spans(found)):
                if len(s):
                    out[j, k] = merged_count(s, e)
        return out

    # -- many documents --------------------------------------------------------
    def scan(self, rows: np.ndarray, counter: Matcher | None = None) -> list[dict[str, Any]]:
        """Per selected target: counts over ``rows`` (in order) of its contexts.

        Returns one dict per target with ``mentions``, ``tokens`` (context
        tokens), ``matrix`` (rows × vocabulary CSR of context token counts),
        ``mention_tokens`` (rows × vocabulary CSR of the mention tokens) and,
        with ``counter``, ``terms`` and ``frames``: counts of its terms and
        frames inside the contexts (a phrase counts when all its tokens are
        context; a frame's overlapping matches count once).
        """
        rows = np.asarray(rows, dtype=np.int64)
        n, V, K = len(rows), len(self.store.vocab), self._n
        out = [
            {
                "mentions": np.zeros(n),
                "tokens": np.zeros(n),
                "_r": [],
                "_c": [],
                "_v": [],
                "_mr": [],
                "_mc": [],
                "_mv": [],
            }
            for _ in range(K)
        ]
        if counter is not None:
            for o in out:
                o["terms"] = np.zeros((n, len(counter.terms)))
                o["frames"] = np.zeros((n, len(counter.frames)))
        phrase_frames = (
            [f for f in range(len(counter.frames)) if counter.frame_has_phrase[f]]
            if counter
            else []
        )
        for j, _, arr, per in self.iter_docs(rows):
            for k, item in enumerate(per):
                if item is None:
                    continue
                o = out[k]
                cnt, mention, ctx = item
                o["mentions"][j] = cnt
                o["tokens"][j] = ctx.sum()
                u, c = np.unique(arr[ctx], return_counts=True)
                o["_r"].append(np.full(len(u), j))
                o["_c"].append(u)
                o["_v"].append(c)
                u, c = np.unique(arr[mention], return_counts=True)
                o["_mr"].append(np.full(len(u), j))
                o["_mc"].append(u)
                o["_mv"].append(c)
                if counter is not None and counter.phrases:
                    _phrase_counts(counter, arr, ctx, o["terms"][j], o["frames"][j], phrase_frames)
        for o in out:
            for key, parts in (
                ("matrix", ("_r", "_c", "_v")),
                ("mention_tokens", ("_mr", "_mc", "_mv")),
            ):
                r, c, v = (np.concatenate(o.pop(p)) if o[p] else np.zeros(0) for p in parts)
                o[key] = sp.csr_matrix(
                    (v.astype(np.int64), (r.astype(np.int64), c.astype(np.int64))), shape=(n, V)
                )
            if counter is not None:
                C = o["matrix"].astype(np.float64)
                if len(counter.single):
                    o["terms"][:, counter.single] = np.asarray((C @ counter.single_ind).todense())
                fc = np.asarray((C @ counter.frame_ind).todense())
                keep = np.ones(fc.shape[1], dtype=bool)
                keep[phrase_frames] = False
                o["frames"][:, keep] = fc[:, keep]
        return out


def _phrase_counts(
    m: Matcher,
    arr: np.ndarray,
    ctx: np.ndarray,
    tc: np.ndarray,
    fc: np.ndarray,
    phrase_frames: list[int],
) -> None:
    """Fill phrase-term counts and phrase-frame counts inside ``ctx`` (in place)."""
    csum = np.concatenate([[0], np.cumsum(ctx)])
    ok: dict[int, np.ndarray] = {}
    for t in m.phrases:
        s = m.starts(arr, t)
        if not len(s):
            continue
        L = len(m.term_pats[t])
        s = s[(csum[s + L] - csum[s]) == L]
        if len(s):
            ok[t] = s
            tc[t] = len(s)
    idx = np.flatnonzero(ctx)
    cids = arr[idx]
    for f in phrase_frames:
        uni = idx[m.frame_uni[f][cids]]
        hit = [t for t in m.frame_terms[f] if t in ok]
        starts = np.concatenate([uni] + [ok[t] for t in hit])
        ends = np.concatenate([uni + 1] + [ok[t] + len(m.term_pats[t]) for t in hit])
        fc[f] = merged_count(starts, ends)
