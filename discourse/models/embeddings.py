"""Word embeddings per source: aligned models, neighbours, shift with a null, semantic axes.

Same word, different company. :class:`EmbeddingModel` trains a gensim
``Word2Vec`` (or ``FastText``) on a corpus read from the token store;
:func:`fit_by` trains one model per group (source, bloc, decade) in one
space, so that a term's vector in one group can be compared with its
vector in another.

Group models on a base model (the default)
------------------------------------------
A group of 200,000 tokens (a bloc of UN members) is too little text for a
word2vec model of its own: on WordSim-353 such models reach Spearman ρ
0.07–0.31 with 70–87% of the pairs out of their vocabulary. So
``fit_by(init="base")`` fits a *base model* on the whole selection once
(cached), and each group's model is a copy of it trained further on the
group's text only (``group_epochs``, a smaller learning rate
``group_alpha``): every group has a vector for every base word, the
vectors share one space by construction (no rotation: ``align="none"``),
and what moves is what the group's text moves. Words a group never uses
keep the base vector exactly; each group model's ``count`` is the
group's own count, so filter on it (``neighbors()`` shows it, and
:meth:`AlignedEmbeddings.shift` refuses a term the group never uses).
On the UNGDC the bloc models keep at least 0.9 of the base model's ρ
(``make bench``, row ``embq``). :meth:`AlignedEmbeddings.shift_test`
then uses a context statistic with an exact, cheap permutation null (see
there). ``init="none"`` is the older scheme below.

Independent models (``init="none"``)
------------------------------------
``align="procrustes"`` (as in HistWords, Hamilton et al. 2016):
every group model is trained independently, then rotated onto a
reference model (the whole selection, or a named group) by orthogonal
Procrustes on the unit vectors of the shared vocabulary. A rotation keeps
all cosines inside a model, so neighbours do not change; only cross-group
comparisons use the rotation. Its shift test refits both models for
every permutation.

``align="init"`` (Kim et al. 2014): each group model starts from the
reference model's input and output weights for the words they share, and
then trains on the group's text only. No rotation is needed, but how far
a vector moves depends on the number of epochs and on the group's size
(small groups stay close to the reference), so shifts are harder to
compare across groups of different sizes.

Too little text
---------------
A group with fewer than :data:`MIN_TOKENS` tokens (after stop words) is
refused with a :class:`~discourse.errors.DataError`; below
:data:`THIN_TOKENS` a warning gives the count (for independent models and
for the base model: a group model on a base model does not warn).
Independent models of 100,000 tokens (one UN member's speeches over 30
years) are dominated by training noise for all but the most frequent
words: always read shifts next to their permutation null.

Determinism
-----------
gensim 4 initialises vectors with ``numpy.random.default_rng(seed)`` and
each training thread with ``seed``; the string hash (``hashfxn``) is only
used by a deprecated helper. With ``workers=1`` the same seed, data and
parameters give bit-identical vectors whatever ``PYTHONHASHSEED`` is (the
tests check this in two subprocesses with different hash seeds). With
``workers > 1`` thread scheduling makes results vary slightly.

Parallelism
-----------
``EmbeddingModel(workers=)`` is gensim's own number of training threads
inside one fit (only ``workers=1`` is bit-reproducible); ``fit_by(processes=)``
and ``shift_test(processes=)`` run whole, independent fits on worker
processes of this machine (:class:`discourse.parallel.Executor`).

Speed
-----
Sentences are read from the token store (no re-tokenising) and the
vocabulary is built from the store's counts with
``build_vocab_from_freq``, so there is no extra pass over the text before
training. gensim truncates sentences at 10,000 tokens; units longer than
that are cut into pieces of at most 10,000 tokens.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import _grouping
from .. import cache as diskcache
from .._validation import UNSET, check_unit, positive_int, renamed
from ..corpus import Corpus
from ..errors import DataError, ParameterError, known
from ..parallel import Executor
from ..stats import check_ci, check_seed
from ..tokenization import TokenStore, tokens
from ..tokenization.tokenizer import ENGLISH_STOPWORDS
from .base import Estimator, provenance, required_pair, save_folder, view_fingerprint

__all__ = [
    "AlignedEmbeddings",
    "EmbeddingModel",
    "MIN_TOKENS",
    "THIN_TOKENS",
    "fit_by",
    "neighbors_wide",
    "projection",
    "semantic_axis",
    "weat",
]

#: Groups (and corpora) with fewer tokens than this are refused.
MIN_TOKENS = 20_000
#: Below this a warning says the vectors will be noisy.
THIN_TOKENS = 200_000
#: ``sample=None`` resolves to :data:`SAMPLE` from this many tokens, to :data:`SMALL_SAMPLE`
#: below. With 1e-5 the frequent words of a small corpus are nearly all dropped and
#: the vectors stay close together: on the UNGDC's 2023 speeches (399,000 tokens, 50
#: dimensions, 15 epochs) two random words had a mean cosine of 0.95 and WordSim-353
#: rho was 0.14 (1e-4: 0.07 and 0.35); at 807,000 tokens 0.33 and 0.23; from 2 million
#: tokens 1e-5 is as good as 1e-4 (2019-2023: rho 0.44 both) and keeps fits short.
SMALL_CORPUS_TOKENS = 2_000_000
SAMPLE = 1e-5
SMALL_SAMPLE = 1e-4
#: Selections up to this many tokens are held in memory as lists between epochs.
IN_MEMORY_TOKENS = 10_000_000
#: Starting learning rate of a group model continuing the base model (gensim's default).
#: On the UNGDC report's three blocs (base: 50 dimensions, 15 epochs, 1990-2023) the
#: groups' WordSim-353 rho stays at 0.99 of the base's with 0.025 and 10 epochs, while the
#: top-10 neighbours of four focus terms overlap 0.71 between groups (Jaccard); with 0.01
#: and 5 epochs they overlapped 0.95: the groups' models hardly left the base.
GROUP_ALPHA = 0.025
#: Epochs of a group model over its group's text.
GROUP_EPOCHS = 10
#: gensim's cap on the length of one sentence.
MAX_SENTENCE = 10_000

CACHE_KIND = "embeddings"

_FORMAT_VERSION = 2  # 2: vocabulary in first-occurrence order (same vectors as bare gensim)
#: Provenance keys of models saved before the one schema (:func:`.base.provenance`).
_OLD_PROVENANCE = {
    "fingerprint": "store_fingerprint",
    "documents": "n_documents",
    "tokens": "n_tokens",
    "sentences": "n_units",
    "vocabulary": "n_terms",
}


# ---------------------------------------------------------------------------
# sentences from the token store
# ---------------------------------------------------------------------------
class _Sentences:
    """A re-iterable of token lists (units ≤ 10,000 tokens) for gensim.

    Counting the units and the kept tokens needs only the id file, not the
    strings, so it is done once here with numpy. Selections of at most
    :data:`IN_MEMORY_TOKENS` tokens are kept as lists after the first pass
    (about 9 bytes a token), so later epochs cost no more than training on
    in-memory lists; larger ones are streamed from the store every epoch
    (memory stays flat).
    """

    def __init__(
        self, store: Any, rows: np.ndarray, unit: Any, drop: np.ndarray | None, n_tokens: int
    ):
        self.store, self.rows, self.unit, self.drop = store, np.asarray(rows), unit, drop
        self.n_sentences, self.first_seen = _scan(store, self.rows, unit, drop)
        self._keep = n_tokens <= IN_MEMORY_TOKENS
        self._lists: list[list[str]] | None = None

    def __len__(self) -> int:
        return self.n_sentences

    def __iter__(self) -> Iterator[list[str]]:
        if self._lists is not None:
            yield from self._lists
            return
        if not self._keep:
            yield from self._stream()
            return
        lists = []
        for sentence in self._stream():
            lists.append(sentence)
            yield sentence
        if len(lists) == self.n_sentences:
            self._lists = lists

    def _stream(self) -> Iterator[list[str]]:
        vocab, drop = self.store.vocab, self.drop
        for _, ids in self.store.iter_units(self.rows, unit=self.unit):
            if drop is not None:
                ids = ids[~drop[ids]]
            for i in range(0, len(ids), MAX_SENTENCE):
                yield vocab[ids[i : i + MAX_SENTENCE]].tolist()


def _scan(store: Any, rows: np.ndarray, unit: Any, drop: np.ndarray | None) -> tuple:
    """One pass over the ids: the number of gensim sentences, and ids in order of first occurrence.

    Sentences are the units of :meth:`TokenStore.iter_units` after stop
    words are dropped, cut at :data:`MAX_SENTENCE` tokens (empty ones
    vanish), counted from unit boundaries without building them. The
    first-occurrence order is the order in which gensim's own vocabulary
    scan meets the words (ties in its frequency sort keep it).
    """
    starts = store.paragraph_starts if unit == "paragraph" else None
    offsets = store.offsets
    seen = np.zeros(len(store.vocab), dtype=bool)
    order: list[np.ndarray] = []
    n_sent = 0
    for r, ids in store.iter_ids(rows):
        n = len(ids)
        if n == 0:
            continue
        if unit == "paragraph":  # paragraph starts inside the document cut it
            a = int(offsets[r])
            lo, hi = np.searchsorted(starts, [a + 1, a + n])
            cuts = np.concatenate([[0], starts[lo:hi] - a, [n]])
        elif unit == "document":
            cuts = np.array([0, n])
        else:
            cuts = np.append(np.arange(0, n, int(unit)), n)
        if drop is not None:
            keep = ~drop[ids]
            lens = np.diff(np.concatenate([[0], np.cumsum(keep)])[cuts])
            ids = ids[keep]
        else:
            lens = np.diff(cuts)
        n_sent += int((-(-lens // MAX_SENTENCE)).sum())
        new = ids[~seen[ids]]  # after the first documents, a handful
        if len(new):
            u, first = np.unique(new, return_index=True)
            order.append(u[np.argsort(first, kind="stable")])
            seen[u] = True
    first_seen = np.concatenate(order) if order else np.zeros(0, dtype=np.uint32)
    return n_sent, first_seen


def _row_counts(store: Any, rows: np.ndarray, drop: np.ndarray | None) -> np.ndarray:
    """Term counts (over the store vocabulary) of ``rows``, stop words zeroed."""
    counts = np.zeros(len(store.vocab), dtype=np.int64)
    for _, m in store.iter_dtm(rows):
        counts += np.asarray(m.sum(axis=0)).ravel().astype(np.int64)
    if drop is not None:
        counts[drop] = 0
    return counts


def _rows_digest(rows: np.ndarray) -> str:
    return hashlib.blake2b(np.asarray(rows, dtype=np.int64).tobytes(), digest_size=16).hexdigest()


def _check_tokens(n_tokens: int, what: str, min_tokens: int, *, thin: bool = True) -> None:
    if n_tokens < min_tokens:
        raise DataError(
            f"{what} has {n_tokens:,} tokens; word embeddings need at least {min_tokens:,} "
            "(group sources into blocs with by=corpus.sources.grouping(...) or a mapping, "
            "or widen years=)"
        )
    if thin and n_tokens < THIN_TOKENS:
        warnings.warn(
            f"{what} has only {n_tokens:,} tokens (< {THIN_TOKENS:,}): its vectors are noisy "
            "beyond the most frequent words; read shifts next to shift_test()'s null",
            UserWarning,
            stacklevel=3,
        )


# ---------------------------------------------------------------------------
# one model
# ---------------------------------------------------------------------------
class EmbeddingModel(Estimator):
    """Word2Vec (or FastText) trained on a corpus, cached with provenance.

    Parameters
    ----------
    vector_size, window, min_count, epochs, sg, negative, sample, alpha : gensim parameters
        Passed to ``gensim.models.Word2Vec`` unchanged (``sg=1`` is
        skip-gram, ``0`` CBOW). The defaults (CBOW, 300 dimensions, window
        15, 10 negative samples, ``sample=1e-5`` (1e-4 under 2 million
        tokens: ``sample=None``, :func:`default_sample`), starting learning rate
        0.05 as in the original word2vec's CBOW, 20 epochs) are the best
        settings found on the UNGDC for WordSim-353: Spearman ρ 0.503,
        0.487 (seed 0, twice), 0.487 (seed 1) and 0.464 (seed 2) in fits on
        the whole corpus with ``workers=2``, mean 0.485, about 20 % of the
        pairs out of vocabulary; a fit of 5 to 12 minutes on 2 cores;
        gensim's own defaults are 100, 5, 5, 1e-3, 0.025 and 5 epochs. No
        other setting tried did better on average (``docs/performance.md``
        lists them: skip-gram, hierarchical softmax, FastText, 200
        dimensions, other windows, epochs and negative samples, document
        units, dropping stop words, removing the common directions of the
        vectors afterwards (Mu & Viswanath 2018), adding the output
        vectors, a shuffled order of the documents, fixed windows).
    fasttext : bool, default False
        Train ``gensim.models.FastText`` (subword vectors) instead.
    stopwords : iterable of str, optional
        Tokens to drop before training (default: keep all; ``sample=``
        already down-weights frequent words).
    unit : {"paragraph", "document"} or int, default "paragraph"
        What one gensim sentence is. Units longer than 10,000 tokens are
        cut, since gensim silently truncates longer sentences.
    workers : int, default 1
        gensim's training threads inside this one fit (not worker
        processes: see ``fit_by(processes=)``). Only ``workers=1`` is
        bit-reproducible.
    seed : int, default 0
        gensim ``seed=``.
    cache : bool, default True
        Reuse a model trained on the same rows with the same parameters,
        seed and library versions.

    Attributes
    ----------
    wv_ : gensim.models.KeyedVectors
        The trained vectors (``wv_.get_vecattr(word, "count")`` is the count).
    provenance_ : dict
        The schema of every model (:func:`discourse.models.base.provenance`):
        key, seed, params, corpus, corpus_fingerprint, n_documents, n_units
        (sentences), n_tokens, n_terms (vocabulary size), versions,
        created_at, fit_seconds, from_cache; and store_fingerprint, rows
        (digest of the store rows) and init_from.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> docs = [Document(str(i), "peace and security for all nations " * 3000, "X")
    ...         for i in range(2)]
    >>> m = EmbeddingModel(vector_size=10, epochs=1, cache=False).fit(Corpus(docs))
    >>> m.wv_.vector_size, sorted(m.wv_.index_to_key)[:2]
    (10, ['all', 'and'])
    """

    def __init__(
        self,
        *,
        vector_size: int = 300,
        window: int = 15,
        min_count: int = 5,
        epochs: int = 20,
        sg: int = 0,
        negative: int = 10,
        sample: float | None = None,
        alpha: float = 0.05,
        fasttext: bool = False,
        stopwords: Iterable[str] | None = None,
        unit: str | int = "paragraph",
        workers: int = 1,
        seed: int = 0,
        cache: bool = True,
    ):
        self.vector_size = vector_size
        self.window = window
        self.min_count = min_count
        self.epochs = epochs
        self.sg = sg
        self.negative = negative
        self.sample = sample
        self.alpha = alpha
        self.fasttext = fasttext
        self.stopwords = stopwords
        self.unit = unit
        self.workers = workers
        self.seed = seed
        self.cache = cache

    # -- parameters ----------------------------------------------------------
    def _validate(self) -> dict:
        """The parameters that determine a fit (all but ``cache``), checked."""
        for name in ("vector_size", "window", "min_count", "epochs", "workers", "negative"):
            positive_int(name, getattr(self, name))
        if self.sg not in (0, 1):
            raise ParameterError(f"sg= must be 0 (CBOW) or 1 (skip-gram), got {self.sg!r}")
        if self.sample is not None and (
            isinstance(self.sample, bool)
            or not isinstance(self.sample, (int, float))
            or self.sample < 0
        ):
            raise ParameterError(
                f"sample= must be None (by corpus size) or a non-negative number, got "
                f"{self.sample!r}"
            )
        if not isinstance(self.alpha, (int, float)) or not 0 < self.alpha <= 1:
            raise ParameterError(f"alpha= must be a number in (0, 1], got {self.alpha!r}")
        if isinstance(self.stopwords, str):
            raise ParameterError("stopwords= must be a collection of words, not one string")
        check_seed(self.seed)
        p = self.get_params()
        p["stopwords"] = sorted(self.stopwords) if self.stopwords else None
        p["unit"] = check_unit(self.unit)
        del p["cache"]
        return p

    # -- fitting ---------------------------------------------------------------
    def fit(self, corpus: Corpus) -> EmbeddingModel:
        """Train on ``corpus`` (or load the cached model); return ``self``.

        Raises
        ------
        DataError
            If the corpus has fewer than :data:`MIN_TOKENS` tokens.
        """
        if not isinstance(corpus, Corpus):
            raise ParameterError(f"fit() needs a discourse.Corpus, got {type(corpus).__name__}")
        store = tokens(corpus)
        rows = store.select(corpus)
        return self._fit_rows(store, rows, what=f"corpus {corpus.name!r}", min_tokens=MIN_TOKENS)

    def _key(
        self, store: Any, rows: np.ndarray, params: dict, init_from: EmbeddingModel | None
    ) -> str:
        """The cache key of a fit: data, parameters, seed, initial model and library versions."""
        return diskcache.entry_key(self._key_parts(store, rows, params, init_from))

    @staticmethod
    def _key_parts(
        store: Any,
        rows: np.ndarray,
        params: dict,
        init_from: EmbeddingModel | None,
        base: EmbeddingModel | None = None,
        alpha: float | None = None,
    ) -> dict:
        extra = {"base": base.provenance_["key"], "alpha": alpha} if base is not None else {}
        return extra | {
            "kind": "embedding",
            "v": _FORMAT_VERSION,
            "fp": store.fingerprint,
            "tok": store.tokenizer.key,
            "rows": _rows_digest(rows),
            "params": {k: v for k, v in params.items() if k != "workers"}
            | ({"workers": params["workers"]} if params["workers"] > 1 else {}),
            "init": init_from.provenance_["key"] if init_from is not None else None,
        }

    def _is_cached(
        self,
        store: Any,
        rows: np.ndarray,
        counts: np.ndarray | None = None,
        init_from: Any = None,
        base: Any = None,
        alpha=None,
    ) -> bool:
        """Whether :meth:`_fit_rows` would load this fit from the cache (no verification).

        ``counts``: the rows' term counts, as given to :meth:`_fit_rows`; read
        only when ``sample=None`` must be resolved by corpus size without them.
        """
        if not self.cache:
            return False
        params = self._validate()
        if params["sample"] is None and base is None and counts is None:
            drop = store.stop_mask(self.stopwords) if self.stopwords else None
            counts = _row_counts(store, rows, drop)
        _resolve_sample(params, base, 0 if counts is None else int(counts.sum()))
        key = diskcache.entry_key(self._key_parts(store, rows, params, init_from, base, alpha))
        return diskcache.open_entry(CACHE_KIND, key, verify=False) is not None

    def _fit_rows(
        self,
        store: Any,
        rows: np.ndarray,
        *,
        what: str,
        min_tokens: int,
        init_from: EmbeddingModel | None = None,
        counts: np.ndarray | None = None,
        base: EmbeddingModel | None = None,
        alpha: float | None = None,
    ) -> EmbeddingModel:
        params = self._validate()
        drop = store.stop_mask(self.stopwords) if self.stopwords else None
        if counts is None:
            counts = _row_counts(store, rows, drop)
        n_tokens = int(counts.sum())
        _resolve_sample(params, base, n_tokens)
        if base is not None:
            _check_base(base, params)
        # a group model on a base model of the whole selection is not noisy in the same way
        _check_tokens(n_tokens, what, min_tokens, thin=base is None)
        parts = self._key_parts(store, rows, params, init_from, base, alpha)

        def build() -> EmbeddingModel:
            t0 = time.perf_counter()
            if base is not None:
                model = _continue_from(base, store, rows, drop, counts, params, alpha)
            else:
                model = self._train(store, rows, drop, counts, init_from, params["sample"])
            seconds = time.perf_counter() - t0
            self.wv_ = model.wv
            if base is None:
                _check_trained(model.wv, what, self.epochs, params["sample"])
            self._syn1neg = getattr(model, "syn1neg", None)
            self.provenance_ = provenance(
                key=diskcache.entry_key(parts),
                seed=self.seed,
                params=params,
                corpus=what,
                corpus_fingerprint=view_fingerprint(store, rows),
                n_documents=len(rows),
                n_units=model.corpus_count,
                n_tokens=n_tokens,
                n_terms=len(model.wv),
                fit_seconds=seconds,
                store_fingerprint=store.fingerprint,
                rows=_rows_digest(rows),
                init_from=init_from.provenance_["key"] if init_from is not None else None,
                **(
                    {"base": base.provenance_["key"], "init": "base", "alpha": alpha}
                    if base is not None
                    else {}
                ),
            )
            return self

        def load(folder: Path) -> EmbeddingModel:
            self._load_folder(folder)
            self.provenance_["from_cache"] = True
            return self

        return diskcache.cached(
            CACHE_KIND,
            parts,
            build=build,
            dump=lambda model, folder: model._save_folder(folder),
            load=load,
            info={"what": what, "tokens": n_tokens, "seed": self.seed},
            use=self.cache,
        )

    def _train(self, store, rows, drop, counts, init_from, sample):
        from gensim.models import FastText, Word2Vec

        sentences = _Sentences(store, rows, self.unit, drop, int(counts.sum()))
        cls = FastText if self.fasttext else Word2Vec
        model = cls(
            vector_size=self.vector_size,
            window=self.window,
            min_count=self.min_count,
            epochs=self.epochs,
            sg=self.sg,
            negative=self.negative,
            sample=sample,
            alpha=self.alpha,
            workers=self.workers,
            seed=self.seed,
        )
        nz = sentences.first_seen
        freq = dict(zip(store.vocab[nz].tolist(), counts[nz].tolist(), strict=True))
        model.build_vocab_from_freq(freq, corpus_count=len(sentences))
        if len(model.wv) == 0:
            raise DataError(
                f"no word occurs at least min_count={self.min_count} times; lower min_count="
            )
        if init_from is not None:
            _init_from(model, init_from)
        model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
        return model

    # -- persistence ---------------------------------------------------------
    def _save_folder(self, folder: Path) -> None:
        folder = Path(folder)
        wv = self.wv_
        np.save(folder / "vectors.npy", wv.vectors)
        counts = np.array([wv.get_vecattr(w, "count") for w in wv.index_to_key], dtype=np.int64)
        np.save(folder / "counts.npy", counts)
        (folder / "vocab.txt").write_text("".join(f"{w}\n" for w in wv.index_to_key), "utf-8")
        if getattr(self, "_syn1neg", None) is not None:
            np.save(folder / "syn1neg.npy", self._syn1neg)
        if self.fasttext:
            wv.save(str(folder / "fasttext.kv"))
        (folder / "provenance.json").write_text(
            json.dumps(self.provenance_, indent=1, default=str), "utf-8"
        )

    def _load_folder(self, folder: Path) -> None:
        from gensim.models import KeyedVectors

        folder = Path(folder)
        self.provenance_ = _read_provenance(folder)
        if (folder / "fasttext.kv").exists():
            from gensim.models.fasttext import FastTextKeyedVectors

            self.wv_ = FastTextKeyedVectors.load(str(folder / "fasttext.kv"))
        else:
            words = (folder / "vocab.txt").read_text("utf-8").split("\n")[:-1]
            vectors = np.load(folder / "vectors.npy")
            wv = KeyedVectors(vectors.shape[1], count=0, dtype=vectors.dtype)
            wv.add_vectors(words, vectors)
            wv.expandos["count"] = np.load(folder / "counts.npy")
            self.wv_ = wv
        syn = folder / "syn1neg.npy"
        self._syn1neg = np.load(syn) if syn.exists() else None

    def save(self, folder: str | Path) -> Path:
        """Write the vectors (``vectors.npy``, ``vocab.txt``, ``counts.npy``) and provenance.

        The folder is written under a temporary name and renamed into place
        (atomic). An existing ``folder`` is replaced only if it is empty or
        holds a saved EmbeddingModel.
        """
        self._require_fitted("save()")
        return save_folder(
            folder, self._save_folder, marker="provenance.json", what="EmbeddingModel"
        )

    @classmethod
    def load(cls, folder: str | Path) -> EmbeddingModel:
        """Read a model written by :meth:`save` (parameters restored from its provenance)."""
        folder = Path(folder)
        if not (folder / "provenance.json").is_file():
            raise ParameterError(
                f"{folder} does not hold a saved EmbeddingModel (no provenance.json)"
            )
        prov = _read_provenance(folder)
        names = cls._param_names()
        params = {k: v for k, v in prov["params"].items() if k in names}
        m = cls(**params)
        m._load_folder(folder)
        return m

    # -- queries ---------------------------------------------------------------
    def count(self, term: str) -> int:
        """Training count of ``term`` (0 when it is not in the vocabulary)."""
        self._require_fitted("count()")
        return int(self.wv_.get_vecattr(term, "count")) if term in self.wv_.key_to_index else 0

    def neighbors(self, term: str, n: int = 10, *, k: int = UNSET) -> pd.DataFrame:
        """The ``n`` nearest words by cosine: columns ``rank, neighbor, similarity, count``.

        ``k=`` is the deprecated name of ``n=``.
        """
        self._require_fitted("neighbors()")
        if k is not UNSET:
            n = renamed("neighbors", "k", "n", k, UNSET if n == 10 else n)
        n = positive_int("n", n)
        if term not in self.wv_.key_to_index:
            raise DataError(
                f"term {term!r} is not in the model's vocabulary (min_count={self.min_count}); "
                "check the spelling (tokens are lowercase) or lower min_count="
            )
        pairs = self.wv_.most_similar(term, topn=n)
        return pd.DataFrame(
            {
                "rank": np.arange(1, len(pairs) + 1),
                "neighbor": pd.array([w for w, _ in pairs], dtype="string"),
                "similarity": [s for _, s in pairs],
                "count": [int(self.wv_.get_vecattr(w, "count")) for w, _ in pairs],
            }
        )

    def __repr__(self) -> str:
        if self.is_fitted():
            p = self.provenance_
            return (
                f"<EmbeddingModel {p['n_terms']:,} words × {self.vector_size}, "
                f"{p['n_tokens']:,} tokens, seed={self.seed}>"
            )
        return super().__repr__()


def _read_provenance(folder: Path) -> dict:
    """A saved model's provenance, with the keys of the one schema (older saves are renamed)."""
    prov = json.loads((Path(folder) / "provenance.json").read_text("utf-8"))
    return {_OLD_PROVENANCE.get(k, k): v for k, v in prov.items()}


def _check_trained(wv: Any, what: str, epochs: int, sample: float) -> None:
    """Warn when the vectors are still nearly parallel (too little training)."""
    if len(wv) < 2:
        return
    mean_cos = float(np.linalg.norm(_unit(wv.vectors).mean(axis=0)) ** 2)
    if mean_cos > 0.8:
        higher = [v for v in ("1e-4", "1e-3") if float(v) > sample]
        raise_sample = (
            f" or sample= (now {sample:g}: {' or '.join(higher)} keeps more uses of frequent words)"
            if higher
            else ""
        )
        warnings.warn(
            f"{what}: the vectors are barely trained (mean cosine between words {mean_cos:.2f}), "
            f"so neighbours and shifts are noise; raise epochs= (now {epochs}; small corpora "
            f"need 20-50){raise_sample}, or use sg=1",
            UserWarning,
            stacklevel=6,  # _check_trained, build, cached, _fit_rows, fit: the caller of fit
        )


#: Parameters a group model must share with the base model it continues from.
_BASE_SHARED = (
    "vector_size",
    "window",
    "min_count",
    "sg",
    "negative",
    "sample",
    "unit",
    "stopwords",
)


def default_sample(n_tokens: int) -> float:
    """The subsampling threshold of ``sample=None`` for a fit on ``n_tokens`` tokens.

    >>> default_sample(31_000_000), default_sample(400_000)
    (1e-05, 0.0001)
    """
    return SAMPLE if n_tokens >= SMALL_CORPUS_TOKENS else SMALL_SAMPLE


def _resolve_sample(params: dict, base: Any, n_tokens: int) -> None:
    """Give ``sample=None`` in ``params`` its value: the base model's, or by corpus size."""
    if params["sample"] is None:
        params["sample"] = (
            base.provenance_["params"]["sample"] if base is not None else default_sample(n_tokens)
        )


def _check_base(base: Any, params: dict) -> None:
    """Refuse a base model that a group model with ``params`` cannot continue from."""
    if not isinstance(base, EmbeddingModel) or not base.is_fitted():
        raise ParameterError(f"base= must be a fitted EmbeddingModel, got {base!r}")
    if base.fasttext or params["fasttext"]:
        raise ParameterError(
            "init='base' continues a Word2Vec model; FastText is not supported: use "
            "init='none' with fasttext=True"
        )
    if getattr(base, "_syn1neg", None) is None:
        raise DataError(
            "the base model has no output weights (syn1neg.npy): refit it, or use init='none'"
        )
    bp = base.provenance_["params"]
    differ = [k for k in _BASE_SHARED if bp.get(k) != params.get(k)]
    if differ:
        raise ParameterError(
            "a group model continues its base model, so they must share "
            + ", ".join(f"{k}= (base {bp.get(k)!r}, here {params.get(k)!r})" for k in differ)
        )


def _base_word2vec(base: EmbeddingModel, params: dict, n_sentences: int) -> Any:
    """A gensim Word2Vec with the base model's vocabulary and weights, ready to train."""
    from gensim.models import Word2Vec

    wv = base.wv_
    model = Word2Vec(
        vector_size=params["vector_size"],
        window=params["window"],
        min_count=1,  # the base vocabulary, whole: its counts already passed min_count
        sorted_vocab=0,  # and in the base order
        epochs=params["epochs"],
        sg=params["sg"],
        negative=params["negative"],
        sample=params["sample"],
        workers=params["workers"],
        seed=params["seed"],
    )
    counts = np.asarray(wv.expandos["count"], dtype=np.int64)
    # the base's counts give the subsampling and negative-sampling tables of every group model
    model.build_vocab_from_freq(
        dict(zip(wv.index_to_key, counts.tolist(), strict=True)), corpus_count=n_sentences
    )
    if model.wv.index_to_key != wv.index_to_key:  # pragma: no cover - gensim's sort changed
        raise RuntimeError("gensim reordered the base vocabulary")
    model.wv.vectors[:] = wv.vectors
    model.syn1neg[:] = base._syn1neg
    return model


def _continue_from(
    base: EmbeddingModel,
    store: Any,
    rows: np.ndarray,
    drop: np.ndarray | None,
    counts: np.ndarray,
    params: dict,
    alpha: float | None,
) -> Any:
    """Continue training a copy of ``base`` on ``rows``: a group model in the base's space.

    The vocabulary is the base's (no word is added or dropped: the words
    and their counts, hence the subsampling and negative-sampling tables,
    are the base's); the input and output weights start as copies of the
    base's; training runs ``params["epochs"]`` epochs over the rows'
    sentences with the learning rate falling linearly from ``alpha`` (default
    :data:`GROUP_ALPHA`) to gensim's ``min_alpha``. A word the rows never use is never
    updated (input vectors move only where the word occurs), so it keeps
    the base vector exactly. Afterwards the ``count`` of every word is its
    count in ``rows`` (0 for words the group never uses).
    """
    sentences = _Sentences(store, rows, params["unit"], drop, int(counts.sum()))
    model = _base_word2vec(base, params, len(sentences))
    model.random = np.random.RandomState(params["seed"])
    if len(sentences):
        a = GROUP_ALPHA if alpha is None else float(alpha)
        model.min_alpha_yet_reached = a  # continuing on purpose: no "alpha higher" warning
        model.train(
            sentences,
            total_examples=len(sentences),
            epochs=params["epochs"],
            start_alpha=a,
            end_alpha=min(a, model.min_alpha),
        )
    t2i = store.token2id
    own = np.array([counts[t2i[w]] if w in t2i else 0 for w in model.wv.index_to_key])
    model.wv.expandos["count"] = own.astype(np.int64)
    return model


def _init_from(model: Any, ref: EmbeddingModel) -> None:
    """Copy the reference's input (and output) weights for shared words."""
    rwv = ref.wv_
    idx = [
        (i, rwv.key_to_index[w])
        for i, w in enumerate(model.wv.index_to_key)
        if w in rwv.key_to_index
    ]
    if not idx:
        return
    mine, theirs = np.array(idx).T
    model.wv.vectors[mine] = rwv.vectors[theirs]
    syn = getattr(ref, "_syn1neg", None)
    if syn is not None and getattr(model, "syn1neg", None) is not None:
        model.syn1neg[mine] = syn[theirs]


def _unit(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.where(n > 0, n, 1.0)


def procrustes(source: Any, target: Any) -> tuple[np.ndarray, int]:
    """Orthogonal matrix rotating ``source`` vectors onto ``target`` (shared words).

    Both are gensim KeyedVectors; the rotation is fitted on the unit
    vectors of the words they share. Returns ``(R, n_shared)``; the aligned
    vectors are ``unit(source.vectors) @ R``.
    """
    from scipy.linalg import orthogonal_procrustes

    shared = [w for w in source.index_to_key if w in target.key_to_index]
    if len(shared) < source.vector_size:
        raise DataError(
            f"only {len(shared)} words are shared between the two models; alignment needs at "
            f"least vector_size={source.vector_size}; lower min_count= or use bigger groups"
        )
    a = _unit(source[shared])
    b = _unit(target[shared])
    r, _ = orthogonal_procrustes(a, b)
    return r, len(shared)


# ---------------------------------------------------------------------------
# independent fits on several processes
# ---------------------------------------------------------------------------
_WORKER: dict = {}  # a worker process's token store, opened once (pool initializer)


def _worker_init(spec: tuple, cache_root: str) -> None:
    """Start of a fit worker process: the parent's cache folder, and its token store opened once."""
    os.environ[diskcache.ENV_VAR] = cache_root  # the parent's cache, whatever the worker inherited
    path, fp, tok = spec
    _WORKER["store"] = TokenStore(Path(path), fingerprint=fp, tokenizer=tok)


def _fit_job(job: dict) -> EmbeddingModel:
    """One fit in a worker process."""
    # the parent warns about thin groups; warnings here would go to the worker's stderr
    return _fit_one(_WORKER["store"], dict(job, quiet=True))


def _fit_one(store: Any, job: dict) -> EmbeddingModel:
    with warnings.catch_warnings():
        if job.get("quiet"):
            warnings.simplefilter("ignore", UserWarning)
        return EmbeddingModel(**job["params"])._fit_rows(
            store,
            job["rows"],
            what=job["what"],
            min_tokens=job["min_tokens"],
            init_from=job.get("init_from"),
            counts=job.get("counts"),
            base=job.get("base"),
            alpha=job.get("alpha"),
        )


def _fit_models(store: Any, jobs: list[dict], processes: int) -> Iterator[EmbeddingModel]:
    """Fit independent models, on ``processes`` worker processes when more than one.

    Yields the models in the order of ``jobs``, with at most
    ``2 × processes`` fits in flight (bounded memory however many jobs).
    Fits already in the cache are loaded in this process (no workers are
    started when fewer than two fits are left to do); new fits are cached
    by the worker that makes them. Each fit is deterministic for its seed
    (``workers=1``), so the models do not depend on ``processes`` (tested).
    Workers are started by :class:`discourse.parallel.Executor` (forked from
    a fork server, or spawned: safe in a Jupyter kernel, which runs threads);
    each imports gensim once (about 2 s), so use ``processes > 1`` for
    several fits of some seconds each.
    """
    need = [
        i
        for i, j in enumerate(jobs)
        if processes > 1
        and not EmbeddingModel(**j["params"])._is_cached(
            store, j["rows"], j.get("counts"), j.get("init_from"), j.get("base"), j.get("alpha")
        )
    ]
    if len(need) < 2:  # cached fits load here, faster than a worker starts
        for j in jobs:
            yield _fit_one(store, j)
        return
    spec = (str(store.path), store.fingerprint, store.tokenizer)
    with Executor(
        processes=min(processes, len(need)),
        initializer=_worker_init,
        initargs=(spec, str(diskcache.cache_dir())),
    ) as ex:
        fitted = ex.map(_fit_job, (jobs[i] for i in need), ahead=2 * processes)
        todo = set(need)
        for i, j in enumerate(jobs):
            yield next(fitted) if i in todo else _fit_one(store, j)


# ---------------------------------------------------------------------------
# per-group models
# ---------------------------------------------------------------------------
def fit_by(
    corpus: Corpus,
    *,
    by: Any = "source",
    init: str = "base",
    base: EmbeddingModel | None = None,
    align: str | None = None,
    reference: str | None = None,
    group_epochs: int = GROUP_EPOCHS,
    group_alpha: float = GROUP_ALPHA,
    min_tokens: int = MIN_TOKENS,
    processes: int = 1,
    **params: Any,
) -> AlignedEmbeddings:
    """One embedding model per group, in one space.

    By default (``init="base"``) a base model is fitted on the whole
    selection (once; cached) and every group's model is a copy of it
    trained further on the group's text only: same vocabulary (the base's),
    vectors aligned by construction, neighbours comparable. Words a group
    never uses keep their base vectors exactly; every group model's
    ``count`` (``emb.models_[g].wv_.get_vecattr(w, "count")``, the
    ``count`` column of :meth:`AlignedEmbeddings.neighbors`) is the
    group's own count, so filter on it. ``init="none"`` is the old,
    independent per-group training (each group's own vocabulary).

    Parameters
    ----------
    corpus : Corpus
        Documents to train on (filter it first).
    by : "source", "year", "decade", a meta key, a mapping source → group, or callable
        How documents are grouped; a mapping such as
        ``corpus.sources.grouping(["P5", "G77"])`` pools small sources into blocs.
    init : {"base", "none"}, default "base"
        ``"base"``: group models continue the base model (see above and the
        module docstring). ``"none"``: independent group models.
    base : EmbeddingModel, optional
        A fitted base model to continue from instead of fitting one on the
        selection: typically a model of the whole corpus, so that groups of
        a narrow selection still get its vocabulary and quality
        (``EmbeddingModel(workers=2).fit(corpus.base)``). It must come from
        the same token store; the group models take its parameters (an
        option given here that differs from the base's raises).
    align : {"none", "procrustes", "init"}, optional
        Default: ``"none"`` with ``init="base"`` (the models share one space
        already), ``"procrustes"`` with ``init="none"``. ``"procrustes"``
        rotates each group model onto the reference; ``"init"`` (only with
        ``init="none"``) starts each group from the reference's vectors for
        the words they share (Kim et al. 2014).
    reference : str, optional
        ``None`` (default): the model of the whole selection (the base
        model with ``init="base"``, fitted on every document of ``corpus``,
        also those ``by`` puts in no group) is the reference. A group name: that
        group's model is.
    group_epochs : int, default GROUP_EPOCHS (10)
        Epochs over each group's text when continuing the base model (only
        with ``init="base"``). The groups' fits together cost about
        ``group_epochs / epochs`` of the base fit when they cover the corpus.
    group_alpha : float, default GROUP_ALPHA (0.025)
        Starting learning rate of the group training (falling linearly to
        gensim's ``min_alpha``); smaller keeps a group closer to the base.
    min_tokens : int, default MIN_TOKENS (20,000)
        Groups with fewer tokens are refused (DataError).
    processes : int, default 1
        Worker processes for the group models (each trained with
        ``workers`` threads); the models are the same whatever the number.
        ``processes=2`` on a 2-core machine nearly halves the time when the
        groups are of similar size.
    **params
        :class:`EmbeddingModel` parameters (``vector_size``, ``epochs``,
        ``seed``, ...); an unknown name raises.

    Returns
    -------
    AlignedEmbeddings

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> words = "peace security development cooperation sovereignty dialogue".split()
    >>> docs = [Document(f"{s}{i}", " ".join(words * 700), s) for s in "AB" for i in range(2)]
    >>> emb = fit_by(Corpus(docs), vector_size=4, epochs=1, min_tokens=1000, cache=False)
    >>> emb.groups_
    ['A', 'B']
    """
    align = _fit_by_arguments(corpus, init, align, min_tokens, params, group_epochs, group_alpha)
    if base is not None:
        if init != "base":
            raise ParameterError("base= is for init='base'; drop it or use init='base'")
        if not isinstance(base, EmbeddingModel) or not base.is_fitted():
            raise ParameterError(f"base= must be a fitted EmbeddingModel, got {base!r}")
        params = {k: v for k, v in base.get_params().items() if k != "cache"} | params
        checked = EmbeddingModel(**params)._validate()
        _resolve_sample(checked, base, 0)
        _check_base(base, checked)
    proto = EmbeddingModel(**params)
    processes = positive_int("processes", processes)
    store = tokens(corpus)
    rows, labels = _grouped_rows(store, corpus, by)
    drop = store.stop_mask(proto.stopwords) if proto.stopwords else None
    groups, gcounts = store.group_counts(rows, labels)
    gcounts = gcounts.toarray()
    if drop is not None:
        gcounts[:, drop] = 0
    if reference is not None and reference not in groups:
        raise ParameterError(
            f"reference={reference!r} is not a group here; groups: {known(groups)} (or None for "
            "the whole selection)"
        )
    tokens_per = {g: int(gcounts[i].sum()) for i, g in enumerate(groups)}
    _refuse_small_groups(tokens_per, min_tokens)
    if processes > 1 and init == "none":  # warn here: the fits run in other processes
        for g in groups:
            _check_tokens(tokens_per[g], f"group {g!r}", min_tokens)
    params = proto.get_params()

    def job(rows_: np.ndarray, what: str, counts: np.ndarray) -> dict:
        return {
            "rows": rows_,
            "what": what,
            "counts": counts,
            "params": params,
            "min_tokens": min_tokens,
        }

    group_rows = {g: rows[labels == g] for g in groups}
    group_jobs = {g: job(group_rows[g], f"group {g!r}", gcounts[i]) for i, g in enumerate(groups)}
    whole = job(np.sort(rows), "the whole selection", gcounts.sum(0))
    if init == "base" and base is None:
        # the base model sees every document of the selection, in a group or not (the
        # same fit, hence the same cache entry, as EmbeddingModel(...).fit(corpus))
        every = store.select(corpus)
        if len(every) != len(rows):
            whole = job(every, f"corpus {corpus.name!r}", _row_counts(store, every, drop))
    if init == "base" and base is not None:
        if base.provenance_.get("store_fingerprint") != store.fingerprint:
            raise ParameterError(
                "base= was fitted on another corpus (another token store); fit it on this "
                "corpus or on corpus.base"
            )
    elif init == "base":
        base = next(_fit_models(store, [whole], 1))
    if init == "base":
        gparams = dict(params, epochs=group_epochs)
        for g in groups:
            group_jobs[g] |= {"base": base, "alpha": float(group_alpha), "params": gparams}
        fitted = _fit_models(store, [group_jobs[g] for g in groups], processes)
        models = dict(zip(groups, fitted, strict=True))
        ref = base if reference is None else models[reference]
    else:
        models, ref = _fit_aligned(store, align, reference, group_jobs, whole, processes)
    if params.get("sample") is None:  # sample=None: the value the reference model resolved
        params = dict(params, sample=ref.provenance_["params"]["sample"])
    return AlignedEmbeddings(
        models={g: models[g] for g in groups},
        reference=ref,
        reference_name=reference,
        align=align,
        by=by,
        store=store,
        group_rows=group_rows,
        group_counts=dict(zip(groups, gcounts, strict=True)),
        params=params,
        min_tokens=min_tokens,
        init=init,
        base=base,
    )


def _fit_by_arguments(
    corpus: Any,
    init: str,
    align: Any,
    min_tokens: Any,
    params: dict,
    group_epochs: Any,
    group_alpha: Any,
) -> str:
    """Check :func:`fit_by`'s arguments; the alignment to use."""
    if not isinstance(corpus, Corpus):
        raise ParameterError(f"fit_by() needs a discourse.Corpus, got {type(corpus).__name__}")
    names = EmbeddingModel._param_names()
    unknown = set(params) - set(names)
    if unknown:
        raise ParameterError(
            f"fit_by() got unknown option(s) {known(unknown)}; EmbeddingModel options are "
            f"{known(names, limit=20)}"
        )
    if init not in ("base", "none"):
        raise ParameterError(
            f"init={init!r}: use 'base' (group models continue a model of the whole selection) "
            "or 'none' (independent group models)"
        )
    if align is None:
        align = "none" if init == "base" else "procrustes"
    if align not in ("none", "procrustes", "init"):
        raise ParameterError(f"align={align!r}: use 'none', 'procrustes' or 'init'")
    if init == "base" and align == "init":
        raise ParameterError(
            "align='init' starts independent models from a reference; with init='base' every "
            "group already starts from the base model: drop align= or use init='none'"
        )
    if init == "none" and align == "none":
        raise ParameterError(
            "independent models (init='none') live in different spaces: use align='procrustes' "
            "or 'init', or init='base'"
        )
    if init == "base" and params.get("fasttext"):
        raise ParameterError(
            "init='base' continues a Word2Vec model; with fasttext=True use init='none'"
        )
    positive_int("group_epochs", group_epochs)
    if not isinstance(group_alpha, (int, float)) or not 0 < group_alpha <= 1:
        raise ParameterError(f"group_alpha= must be a number in (0, 1], got {group_alpha!r}")
    positive_int("min_tokens", min_tokens)
    EmbeddingModel(**params)._validate()
    return align


def _grouped_rows(store: Any, corpus: Corpus, by: Any) -> tuple[np.ndarray, np.ndarray]:
    """The store rows of ``corpus`` that ``by`` puts into a group, and their group labels."""
    rows = store.select(corpus)
    labels = store.labels(rows, by, corpus)
    keep = _grouping.label_mask(labels)
    if not keep.any():
        raise DataError(f"by={by!r} puts no document of this corpus into a group")
    return rows[keep], labels[keep]


def _refuse_small_groups(tokens_per: dict, min_tokens: int) -> None:
    small = {g: n for g, n in tokens_per.items() if n < min_tokens}
    if small:
        raise DataError(
            "too little text for word embeddings in "
            + ", ".join(f"{g!r} ({n:,} tokens)" for g, n in small.items())
            + f"; each group needs at least {min_tokens:,}: pool sources into blocs with "
            "by=corpus.sources.grouping(...) or a mapping, or widen years="
        )


def _fit_aligned(
    store: Any, align: str, reference: Any, group_jobs: dict, whole: dict, processes: int
) -> tuple[dict, EmbeddingModel]:
    """Fit the group models and the reference: ``({group: model}, reference model)``."""
    groups = list(group_jobs)
    if align == "init":  # the reference first; every other group starts from it
        ref = next(_fit_models(store, [whole if reference is None else group_jobs[reference]], 1))
        others = [g for g in groups if g != reference]
        for g in others:
            group_jobs[g]["init_from"] = ref
        models = dict(
            zip(others, _fit_models(store, [group_jobs[g] for g in others], processes), strict=True)
        )
        if reference is not None:
            models[reference] = ref
        return models, ref
    # independent fits, the whole selection among them when it is the reference
    names = ([None] if reference is None else []) + groups
    jobs = [whole if g is None else group_jobs[g] for g in names]
    models = dict(zip(names, _fit_models(store, jobs, processes), strict=True))
    ref = models.pop(None) if reference is None else models[reference]
    return models, ref


class AlignedEmbeddings:
    """Per-group embedding models in one space (returned by :func:`fit_by`).

    Attributes
    ----------
    groups_ : list
        Group labels, sorted.
    models_ : dict
        group → fitted :class:`EmbeddingModel` (its own, unrotated vectors).
    reference_ : EmbeddingModel
        The model the others are aligned to.
    tokens_ : pandas.Series
        Training tokens per group.
    provenance_ : dict
        align, reference, params, per-group provenance.
    """

    def __init__(
        self,
        *,
        models: dict,
        reference: EmbeddingModel,
        reference_name: Any,
        align: str,
        by: Any,
        store: Any,
        group_rows: dict,
        group_counts: dict,
        params: dict,
        min_tokens: int,
        init: str = "none",
        base: EmbeddingModel | None = None,
    ):
        self.models_ = models
        self.init = init
        self.base_ = base
        self.groups_ = list(models)
        self.reference_ = reference
        self.align = align
        self.by = by
        self._store = store
        self._rows = group_rows
        self._counts = group_counts
        self._params = params
        self._min_tokens = min_tokens
        self.tokens_ = pd.Series(
            {g: int(c.sum()) for g, c in group_counts.items()}, name="tokens", dtype="int64"
        )
        self._aligned: dict = {}
        for g, m in models.items():
            vecs = _unit(m.wv_.vectors)
            if align == "procrustes" and m is not reference:
                r, _ = procrustes(m.wv_, reference.wv_)
                vecs = _unit(vecs @ r)
            self._aligned[g] = vecs
        self.provenance_ = {
            "init": init,
            "align": align,
            "reference": "whole selection" if reference_name is None else reference_name,
            "by": by if isinstance(by, str) else type(by).__name__,
            "params": {k: v for k, v in params.items() if k != "stopwords"},
            "groups": {g: m.provenance_ for g, m in models.items()},
            "reference_model": reference.provenance_,
        }

    def __repr__(self) -> str:
        parts = ", ".join(f"{g} ({n:,} tokens)" for g, n in self.tokens_.items())
        how = "on a base model" if self.init == "base" else self.align
        return f"<AlignedEmbeddings {how}: {parts}>"

    # -- helpers ---------------------------------------------------------------
    def _check_group(self, g: Any) -> None:
        if g not in self.models_:
            raise ParameterError(f"group {g!r} is not in this model; groups: {known(self.groups_)}")

    def count(self, term: str, group: Any) -> int:
        """How often ``term`` occurs in ``group``'s training text."""
        self._check_group(group)
        i = self._store.token2id.get(term)
        return 0 if i is None else int(self._counts[group][i])

    def _missing(self, term: str, groups: Sequence) -> dict:
        """Groups without a vector of ``term`` of their own: {group: count there}.

        With ``init="base"`` every group has every base word, but a group
        that never uses the term has only the base vector: it counts as
        missing too.
        """
        return {
            g: self.count(term, g)
            for g in groups
            if term not in self.models_[g].wv_.key_to_index
            or (self.init == "base" and self.count(term, g) == 0)
        }

    def _missing_message(self, term: str, missing: dict) -> str:
        mc = self._params["min_count"]
        parts = ", ".join(f"{g!r} (count {n})" for g, n in missing.items())
        if self.init == "base":
            inbase = self.base_ is not None and term in self.base_.wv_.key_to_index
            why = (
                "that group never uses it, so its vector there is only the base model's"
                if inbase
                else f"it is not in the base vocabulary (min_count={mc} occurrences in the "
                "whole selection)"
            )
            return (
                f"term {term!r} has no vector of its own in {parts}: {why}; lower min_count=, "
                "pool sources into blocs, or pick another term"
            )
        return (
            f"term {term!r} is not in the vocabulary of {parts}: a word needs min_count={mc} "
            "occurrences in a group; lower min_count=, pool sources into blocs, or pick another term"
        )

    def vector(self, term: str, group: Any) -> np.ndarray:
        """The aligned unit vector of ``term`` in ``group``."""
        self._check_group(group)
        miss = self._missing(term, [group])
        if miss:
            raise DataError(self._missing_message(term, miss))
        return self._aligned[group][self.models_[group].wv_.key_to_index[term]]

    # -- queries ---------------------------------------------------------------
    def neighbors(
        self,
        term: str,
        n: int = 10,
        *,
        groups: Sequence | None = None,
        missing: str = "warn",
        k: int = UNSET,
    ) -> pd.DataFrame:
        """The ``n`` nearest words of ``term`` in each group, side by side (long form).

        Neighbours are found inside each group's own model (a rotation
        does not change them).

        Parameters
        ----------
        n : int, default 10
        groups : list, optional
            A filter: the groups shown (default all).
        k : deprecated
            The old name of ``n=``.
        missing : {"warn", "raise"}
            A group whose vocabulary lacks the term is left out with a
            warning naming it and the term's count there, or raises DataError.

        Returns
        -------
        DataFrame
            ``group, rank, neighbor, similarity, count`` (count = the
            neighbour's count in that group). :func:`neighbors_wide` pivots it.
        """
        if k is not UNSET:
            n = renamed("neighbors", "k", "n", k, UNSET if n == 10 else n)
        n = positive_int("n", n)
        groups = self._groups_arg(groups)
        if missing not in ("warn", "raise"):
            raise ParameterError(f"missing={missing!r}: use 'warn' or 'raise'")
        miss = self._missing(term, groups)
        if miss and (missing == "raise" or len(miss) == len(groups)):
            raise DataError(self._missing_message(term, miss))
        if miss:
            warnings.warn(
                self._missing_message(term, miss) + "; those groups are left out",
                UserWarning,
                stacklevel=2,
            )
        frames = []
        for g in groups:
            if g in miss:
                continue
            f = self.models_[g].neighbors(term, n)
            f.insert(0, "group", g)
            frames.append(f)
        return pd.concat(frames, ignore_index=True)

    def _groups_arg(self, groups: Sequence | None) -> list:
        if groups is None:
            return list(self.groups_)
        groups = [groups] if isinstance(groups, str) else list(groups)
        for g in groups:
            self._check_group(g)
        return groups

    def overlap(
        self, term: str, n: int = 10, *, groups: Sequence | None = None, k: int = UNSET
    ) -> pd.DataFrame:
        """Neighbour overlap@n between every pair of groups (``k=``: the old name of ``n=``).

        Returns
        -------
        DataFrame
            ``group_a, group_b, shared, jaccard, k``: ``shared`` neighbours
            among the top ``n`` of each (column ``k``: the ``n`` used),
            Jaccard = shared / (2n − shared).
        """
        if k is not UNSET:
            n = renamed("overlap", "k", "n", k, UNSET if n == 10 else n)
        nb = self.neighbors(term, n, groups=groups)
        sets = {g: set(f["neighbor"]) for g, f in nb.groupby("group", sort=False)}
        gs = list(sets)
        rows = []
        for i, a in enumerate(gs):
            for b in gs[i + 1 :]:
                s = len(sets[a] & sets[b])
                rows.append(
                    {
                        "group_a": a,
                        "group_b": b,
                        "shared": s,
                        "jaccard": s / len(sets[a] | sets[b]),
                        "k": n,
                    }
                )
        return pd.DataFrame(rows, columns=["group_a", "group_b", "shared", "jaccard", "k"])

    def shift(
        self,
        term: str,
        target: Any = UNSET,
        reference: Any = UNSET,
        *,
        a: Any = UNSET,
        b: Any = UNSET,
    ) -> float:
        """Cosine distance (1 − cos) between ``term``'s aligned vectors in two groups.

        ``target``, ``reference``: the groups (``a=``, ``b=`` are their old names).
        """
        target = renamed("shift", "a", "target", a, target)
        reference = renamed("shift", "b", "reference", b, reference)
        a, b = required_pair("shift", target, reference)
        self._check_group(a)
        self._check_group(b)
        miss = self._missing(term, [a, b])
        if miss:
            raise DataError(self._missing_message(term, miss))
        return float(1.0 - self.vector(term, a) @ self.vector(term, b))

    def most_shifted(
        self,
        target: Any = UNSET,
        reference: Any = UNSET,
        *,
        n: int = 20,
        min_count: int = 50,
        stopwords: Iterable[str] | None = ENGLISH_STOPWORDS,
        a: Any = UNSET,
        b: Any = UNSET,
    ) -> pd.DataFrame:
        """Terms whose aligned vectors differ most between ``target`` and ``reference``.

        (``a=``, ``b=`` are the old names of ``target=``, ``reference=``.)

        Only words with at least ``min_count`` occurrences in both groups are
        ranked (rare words move most by chance). This is a ranking, not a
        test: pass the terms to :meth:`shift_test` for their null. Words in
        ``stopwords`` (default the English list; ``None`` keeps all) are not
        ranked; function words shift a lot and say little.

        Returns
        -------
        DataFrame
            ``term, shift, count_a, count_b`` sorted by shift, descending
            (``_a``: the target, ``_b``: the reference).
        """
        target = renamed("most_shifted", "a", "target", a, target)
        reference = renamed("most_shifted", "b", "reference", b, reference)
        a, b = required_pair("most_shifted", target, reference)
        self._check_group(a)
        self._check_group(b)
        positive_int("min_count", min_count)
        n = positive_int("n", n)
        wa, wb = self.models_[a].wv_, self.models_[b].wv_
        t2i = self._store.token2id
        ca, cb = self._counts[a], self._counts[b]
        skip = frozenset(stopwords or ())
        words = [
            w
            for w in wa.index_to_key
            if w in wb.key_to_index
            and w not in skip
            and ca[t2i[w]] >= min_count
            and cb[t2i[w]] >= min_count
        ]
        if not words:
            raise DataError(
                f"no word occurs at least min_count={min_count} times in both {a!r} and {b!r}; "
                "lower min_count="
            )
        va = self._aligned[a][[wa.key_to_index[w] for w in words]]
        vb = self._aligned[b][[wb.key_to_index[w] for w in words]]
        shift = 1.0 - np.einsum("ij,ij->i", va, vb)
        ids = [t2i[w] for w in words]
        out = pd.DataFrame(
            {
                "term": pd.array(words, dtype="string"),
                "shift": shift,
                "count_a": ca[ids],
                "count_b": cb[ids],
            }
        )
        return (
            out.sort_values("shift", ascending=False, kind="stable").head(n).reset_index(drop=True)
        )

    # -- uncertainty -----------------------------------------------------------
    def _pair_jobs(self, rows_a, rows_b, seed) -> list[dict]:
        """The two fits behind one shift: models of ``rows_a`` and ``rows_b`` with ``seed``."""
        params = dict(self._params, seed=int(seed))
        return [
            {
                "params": params,
                "rows": np.sort(r),
                "what": "permuted group",
                "min_tokens": 1,
                "quiet": True,
            }
            for r in (rows_a, rows_b)
        ]

    @staticmethod
    def _pair_shift(ma: EmbeddingModel, mb: EmbeddingModel, terms) -> np.ndarray:
        """Align ``mb`` onto ``ma`` (Procrustes) and take each term's cosine distance."""
        r, _ = procrustes(mb.wv_, ma.wv_)
        out = np.full(len(terms), np.nan)
        for i, t in enumerate(terms):
            if t in ma.wv_.key_to_index and t in mb.wv_.key_to_index:
                va = _unit(ma.wv_[t])
                vb = _unit(_unit(mb.wv_[t]) @ r)
                out[i] = 1.0 - float(va @ vb)
        return out

    def context_sums(self, terms: Sequence[str], rows: np.ndarray) -> np.ndarray:
        """Per-document context sums of ``terms`` in the base model's output space.

        ``(len(rows), len(terms), vector_size)``: for each document (store
        row), each term, the sum over the term's occurrences of the base
        model's output vectors of the words around it, weighted as word2vec
        weights them (see :meth:`shift_test`). Needs ``init="base"``.
        """
        if self.base_ is None:
            raise ParameterError("context sums need group models on a base model (init='base')")
        base, store = self.base_, self._store
        kv, out = base.wv_, base._syn1neg
        w = int(self._params["window"])
        unit = check_unit(self._params["unit"])
        stop = self._params.get("stopwords")
        drop = store.stop_mask(stop) if stop else None
        # store id -> base index (-1: not trained on)
        s2b = np.full(len(store.vocab), -1, dtype=np.int64)
        for i, word in enumerate(kv.index_to_key):
            j = store.token2id.get(word)
            if j is not None:
                s2b[j] = i
        if drop is not None:
            s2b[drop] = -1
        counts = np.asarray(kv.expandos["count"], dtype=float)
        sample = float(self._params["sample"])
        if sample > 0:  # gensim's keep-probability of a word (prepare_vocab)
            thr = sample * counts.sum()
            keep = np.minimum(1.0, (np.sqrt(counts / thr) + 1) * thr / counts)
        else:
            keep = np.ones(len(counts))
        term_of = np.full(len(kv), -1, dtype=np.int64)
        for j, t in enumerate(terms):
            term_of[kv.key_to_index[t]] = j
        offs = np.concatenate([np.arange(-w, 0), np.arange(1, w + 1)])
        ww = (w - np.abs(offs) + 1) / w
        row_pos = {int(r): i for i, r in enumerate(rows)}
        sums = np.zeros((len(rows), len(terms), kv.vector_size))
        hit_store = np.zeros(len(store.vocab), dtype=bool)
        hit_store[[store.token2id[t] for t in terms]] = True
        for r, ids in store.iter_units(np.asarray(rows), unit=unit):
            if not hit_store[ids].any():
                continue
            b_all = s2b[ids]
            b_all = b_all[b_all >= 0]
            for k in range(0, len(b_all), MAX_SENTENCE):
                b = b_all[k : k + MAX_SENTENCE]
                pos = np.flatnonzero(term_of[b] >= 0)
                if not len(pos):
                    continue
                idx = pos[:, None] + offs[None, :]
                ok = (idx >= 0) & (idx < len(b))
                ctx = b[np.where(ok, idx, 0)]
                wt = np.where(ok, ww[None, :] * keep[ctx], 0.0)
                contrib = np.einsum("mk,mkd->md", wt, out[ctx])
                np.add.at(sums[row_pos[int(r)]], term_of[b[pos]], contrib)
        return sums

    def _context_test(self, terms, a, b, n_perm, rng, draws) -> pd.DataFrame:
        """:meth:`shift_test` for group models on a base model: the context-shift permutation test."""
        ra, rb = self._rows[a], self._rows[b]
        pooled = np.concatenate([ra, rb])
        sums = self.context_sums(terms, pooled)  # docs × terms × dim
        n, t, d = sums.shape
        flat = sums.reshape(n, t * d)
        member = np.zeros((n_perm + 1, n))
        member[0, : len(ra)] = 1.0
        for i in range(n_perm):
            member[i + 1, rng.permutation(n)[: len(ra)]] = 1.0
        ua = (member @ flat).reshape(n_perm + 1, t, d)
        ub = flat.sum(0).reshape(1, t, d) - ua
        na, nb = np.linalg.norm(ua, axis=2), np.linalg.norm(ub, axis=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            stat = 1.0 - np.einsum("ptd,ptd->pt", ua, ub) / (na * nb)
        stat[(na == 0) | (nb == 0)] = np.nan
        seed = self.base_.seed
        if draws:
            recs = [
                {
                    "term": term,
                    "kind": "observed" if p == 0 else "null",
                    "replicate": p,
                    "model_seed": seed,
                    "shift": float(stat[p, j]),
                }
                for j, term in enumerate(terms)
                for p in range(n_perm + 1)
            ]
            long = pd.DataFrame(recs)
            long["term"] = long["term"].astype("string")
            return long
        out = []
        for j, term in enumerate(terms):
            obs, null = float(stat[0, j]), stat[1:, j]
            null = null[~np.isnan(null)]
            q = np.quantile(null, [0.05, 0.5, 0.95]) if len(null) else [np.nan] * 3
            out.append(
                {
                    "term": term,
                    "group_a": a,
                    "group_b": b,
                    "shift": obs,
                    "shift_sd": np.nan,
                    "shift_min": obs,
                    "shift_max": obs,
                    "n_seeds": 1,
                    "null_mean": float(null.mean()) if len(null) else np.nan,
                    "null_q05": q[0],
                    "null_q50": q[1],
                    "null_q95": q[2],
                    "n_null": len(null),
                    "p": (1 + int((null >= obs - 1e-12).sum())) / (1 + len(null))
                    if len(null)
                    else np.nan,
                    "count_a": self.count(term, a),
                    "count_b": self.count(term, b),
                    "statistic": "context",
                    "model_shift": self.shift(term, a, b),
                }
            )
        res = pd.DataFrame(out)
        res["term"] = res["term"].astype("string")
        return res

    def shift_test(
        self,
        terms: str | Sequence[str],
        target: Any = UNSET,
        reference: Any = UNSET,
        *,
        n_perm: int = 99,
        seeds: Sequence[int] = (0, 1, 2),
        seed: int = 0,
        draws: bool = False,
        missing: str = "warn",
        processes: int = 1,
        a: Any = UNSET,
        b: Any = UNSET,
    ) -> pd.DataFrame:
        """Shift of each term between ``target`` and ``reference`` with seed spread and a null.

        Below, ``a`` is the target group and ``b`` the reference group
        (``a=``, ``b=`` are also the deprecated old names of the parameters).

        **Group models on a base model** (``fit_by(init="base")``, the
        default): the statistic is the *context shift* of the term,
        1 − cos(C_a, C_b), where C_g sums, over every occurrence of the
        term in group g's documents, the base model's output vectors
        (``syn1neg``) of the words in its window, weighted as word2vec
        weights them (the reduced-window weight (w − d + 1)/w at distance d,
        times the word's subsampling keep-probability; out-of-vocabulary
        and stop words are dropped first, as in training). That sum is the
        direction in which training on g's text pulls the term's vector
        away from the base (the first-order step of continued CBOW /
        skip-gram training, up to the per-pair prediction-error weights
        and the negative samples, which do not depend on the group), so it
        measures the movement that the group models' :meth:`shift`
        (reported next to it as ``model_shift``, not tested) shows, without
        training anything. It is a sum over documents, so the null
        is exact and cheap: the documents of ``a`` and ``b`` are pooled and
        their labels shuffled ``n_perm`` times (group sizes in documents
        kept), and the very same statistic is recomputed for each shuffle
        (a matrix product; 99 permutations cost milliseconds once the
        per-document sums are read, one pass over the two groups' tokens).
        Under the null that the two groups' documents are exchangeable, p
        is uniform (tested on random halves of one group). It is
        deterministic: ``seeds`` and ``processes`` are not used.

        **Independent models** (``fit_by(init="none")``): observed: for each of ``seeds``, models of ``a`` and ``b`` are
        trained with that seed (same parameters as :func:`fit_by`), ``b``
        is rotated onto ``a`` (Procrustes), and the cosine distance is
        taken; the mean, standard deviation, minimum and maximum over seeds
        are reported. Null: the documents of ``a`` and ``b`` are pooled and
        their group labels shuffled (group sizes kept) ``n_perm`` times; for
        each shuffle both models are refitted (model seed cycling through
        ``seeds``) and the shift recomputed. The null draws each come from
        one seed while the observed value averages several, so the test is
        slightly conservative.

        Cost: ``2 × (len(seeds) + n_perm)`` model fits (cached, so a re-run
        is fast). Keep ``vector_size`` and ``epochs`` modest.

        Parameters
        ----------
        n_perm : int, default 99
            Permutations; the smallest attainable p-value is 1/(n_perm+1)
            (0.01 at the default).
        seeds : sequence of int, default (0, 1, 2)
            Training seeds for the observed shift (independent models only).
        seed : int, default 0
            Seed of the label shuffles.
        draws : bool, default False
            Return the per-replicate draws instead (``term, kind, replicate,
            model_seed, shift`` with kind "observed" or "null").
        missing : {"warn", "raise"}
            A term missing from ``a``'s or ``b``'s vocabulary is left out
            with a warning naming the group and the term's count there, or
            raises DataError (a single term always raises).
        processes : int, default 1
            Worker processes for the model fits, which are independent;
            the result is the same whatever the number (each fit is
            deterministic for its seed). ``processes=2`` on 2 cores nearly
            halves the time.

        Returns
        -------
        DataFrame
            ``term, group_a, group_b, shift, shift_sd, shift_min, shift_max,
            n_seeds, null_mean, null_q05, null_q50, null_q95, n_null,
            p, count_a, count_b``, and with base-model groups ``statistic``
            ("context" or "refit") and ``model_shift`` (:meth:`shift` of
            the fitted group models). ``shift`` is the tested statistic.
            ``p`` = (1 + #null ≥ shift) / (1 + n_null), one-sided; NaN
            nulls (the term fell below min_count, or out of one half
            entirely) are left out of ``n_null``.
        """
        target = renamed("shift_test", "a", "target", a, target)
        reference = renamed("shift_test", "b", "reference", b, reference)
        a, b = required_pair("shift_test", target, reference)
        terms = [terms] if isinstance(terms, str) else list(terms)
        if not terms:
            raise ParameterError("terms= is empty; give at least one term")
        self._check_group(a)
        self._check_group(b)
        if a == b:
            raise ParameterError(f"target and reference are both {a!r}; give two different groups")
        positive_int("n_perm", n_perm)
        seeds = [check_seed(s) for s in seeds]
        if not seeds:
            raise ParameterError("seeds= is empty; give at least one training seed")
        rng = np.random.default_rng(check_seed(seed))
        if missing not in ("warn", "raise"):
            raise ParameterError(f"missing={missing!r}: use 'warn' or 'raise'")
        kept = []
        for t in terms:
            miss = self._missing(t, [a, b])
            if miss and (missing == "raise" or len(terms) == 1):
                raise DataError(self._missing_message(t, miss))
            if miss:
                warnings.warn(
                    self._missing_message(t, miss) + "; left out", UserWarning, stacklevel=2
                )
            else:
                kept.append(t)
        if not kept:
            raise DataError(
                f"none of the terms {known(terms)} is in the vocabularies of both {a!r} and {b!r}"
            )
        terms = kept
        processes = positive_int("processes", processes)
        if self.init == "base":
            return self._context_test(terms, a, b, n_perm, rng, draws)
        ra, rb = self._rows[a], self._rows[b]
        # every replicate: (kind, replicate number, model seed, rows of a, rows of b)
        plan = [("observed", 0, s, ra, rb) for s in seeds]
        pooled = np.concatenate([ra, rb])
        for i in range(n_perm):
            perm = rng.permutation(pooled)
            plan.append(("null", i + 1, seeds[i % len(seeds)], perm[: len(ra)], perm[len(ra) :]))
        jobs = [job for _, _, s, x, y in plan for job in self._pair_jobs(x, y, s)]
        models = _fit_models(self._store, jobs, processes)
        records = []
        for kind, rep, s, _, _ in plan:  # two models at a time: memory stays bounded
            vals = self._pair_shift(next(models), next(models), terms)
            for t, v in zip(terms, vals, strict=True):
                records.append(
                    {"term": t, "kind": kind, "replicate": rep, "model_seed": s, "shift": v}
                )
        long = pd.DataFrame(records)
        long["term"] = long["term"].astype("string")
        if draws:
            return long
        out = []
        for t in terms:
            obs = long.loc[(long["term"] == t) & (long["kind"] == "observed"), "shift"].to_numpy(
                float
            )
            null = long.loc[(long["term"] == t) & (long["kind"] == "null"), "shift"].to_numpy(float)
            null = null[~np.isnan(null)]
            m = float(np.mean(obs))
            q = np.quantile(null, [0.05, 0.5, 0.95]) if len(null) else [np.nan] * 3
            out.append(
                {
                    "term": t,
                    "group_a": a,
                    "group_b": b,
                    "shift": m,
                    "shift_sd": float(np.std(obs, ddof=1)) if len(obs) > 1 else np.nan,
                    "shift_min": float(obs.min()),
                    "shift_max": float(obs.max()),
                    "n_seeds": len(obs),
                    "null_mean": float(null.mean()) if len(null) else np.nan,
                    "null_q05": q[0],
                    "null_q50": q[1],
                    "null_q95": q[2],
                    "n_null": len(null),
                    "p": (1 + int((null >= m).sum())) / (1 + len(null)) if len(null) else np.nan,
                    "count_a": self.count(t, a),
                    "count_b": self.count(t, b),
                }
            )
        res = pd.DataFrame(out)
        res["term"] = res["term"].astype("string")
        return res


def neighbors_wide(frame: pd.DataFrame, *, digits: int = 2) -> pd.DataFrame:
    """Pivot :meth:`AlignedEmbeddings.neighbors` output: one column per group, rows = rank.

    Cells read ``"word (0.71)"``.
    """
    need = {"group", "rank", "neighbor", "similarity"}
    if not need <= set(frame.columns):
        raise ParameterError(
            f"neighbors_wide() needs columns {sorted(need)}, got {list(frame.columns)}"
        )
    cell = (
        frame["neighbor"].astype(str) + " (" + frame["similarity"].round(digits).astype(str) + ")"
    )
    wide = frame.assign(cell=cell).pivot(index="rank", columns="group", values="cell")
    wide.columns.name = None
    return wide


def projection(
    emb: AlignedEmbeddings,
    term: str,
    *,
    n: int = 8,
    groups: Sequence | None = None,
    k: int = UNSET,
) -> pd.DataFrame:
    """2-D PCA of a term's aligned vectors and its ``n`` neighbours' in each group.

    ``k=`` is the deprecated name of ``n=``.

    Returns
    -------
    DataFrame
        ``group, word, kind ("term" | "neighbor"), x, y`` — the first two
        principal components of all the aligned vectors shown.
    """
    if k is not UNSET:
        n = renamed("projection", "k", "n", k, UNSET if n == 8 else n)
    nb = emb.neighbors(term, n, groups=groups)
    rows, vecs = [], []
    for g, f in nb.groupby("group", sort=False):
        kv = emb.models_[g].wv_
        rows.append((g, term, "term"))
        vecs.append(emb._aligned[g][kv.key_to_index[term]])
        for w in f["neighbor"]:
            rows.append((g, w, "neighbor"))
            vecs.append(emb._aligned[g][kv.key_to_index[w]])
    x = np.asarray(vecs)
    x = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    xy = x @ vt[:2].T
    # fix the sign of each component so the chart does not flip between runs
    xy *= np.where(np.abs(xy).max(axis=0) == xy.max(axis=0), 1.0, -1.0)
    out = pd.DataFrame(rows, columns=["group", "word", "kind"])
    out["word"] = out["word"].astype("string")
    out["x"], out["y"] = xy[:, 0], xy[:, 1]
    return out


# ---------------------------------------------------------------------------
# semantic axes and WEAT
# ---------------------------------------------------------------------------
def _models_of(emb: Any) -> dict:
    if isinstance(emb, AlignedEmbeddings):
        return dict(emb.models_)
    if isinstance(emb, EmbeddingModel):
        emb._require_fitted("a semantic axis or WEAT")
        return {"all": emb}
    raise ParameterError(
        f"expected an AlignedEmbeddings (from fit_by) or a fitted EmbeddingModel, got {type(emb).__name__}"
    )


def _present(words: Sequence[str], kv: Any, what: str, group: Any, *, need: int = 1) -> list[str]:
    words = [words] if isinstance(words, str) else list(words)
    have = [w for w in words if w in kv.key_to_index]
    gone = [w for w in words if w not in kv.key_to_index]
    if len(have) < need:
        raise DataError(
            f"{what}: none of {known(words)} is in the vocabulary of group {group!r}"
            if not have
            else f"{what}: only {len(have)} of {known(words)} are in group {group!r}'s vocabulary; need {need}"
        )
    if gone:
        warnings.warn(
            f"{what}: {known(gone)} not in group {group!r}'s vocabulary; using {known(have)}",
            UserWarning,
            stacklevel=3,
        )
    return have


def semantic_axis(
    emb: AlignedEmbeddings | EmbeddingModel,
    *,
    positive: Sequence[str],
    negative: Sequence[str],
    terms: Sequence[str],
    n_perm: int = 1000,
    n_boot: int = 500,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Project terms on a SemAxis (An et al. 2018) in each group's model.

    The axis is the mean unit vector of the ``positive`` pole words minus
    that of the ``negative`` ones; a term's score is the cosine between its
    vector and the axis (> 0: nearer the positive pole). Each group's axis
    is built in its own model, so no alignment is needed.

    Uncertainty: ``ci_low``/``ci_high`` come from resampling the pole words
    with replacement within each pole (``n_boot`` times): how much the
    score depends on the choice of pole words. ``p`` is two-sided,
    from ``n_perm`` random re-splits of the pooled pole words into two
    poles of the same sizes; its statistic is mean cos(term, positive) −
    mean cos(term, negative) (same sign as the score; unlike the cosine
    with a renormalised axis it is largest for the real split). With few
    pole words there are few distinct splits, which bounds the smallest
    p-value (5 + 5 words: 252 splits).

    Returns
    -------
    DataFrame
        ``group, term, score, ci_low, ci_high, p, n_positive, n_negative``.
        Pole words or terms missing from a group are left out with a warning.
    """
    ci = check_ci(ci)
    rng = np.random.default_rng(check_seed(seed))
    n_perm, n_boot = positive_int("n_perm", n_perm), positive_int("n_boot", n_boot)
    terms = [terms] if isinstance(terms, str) else list(terms)
    out = []
    for g, m in _models_of(emb).items():
        kv = m.wv_
        pos = _present(positive, kv, "positive pole", g)
        neg = _present(negative, kv, "negative pole", g)
        ts = _present(terms, kv, "terms", g)
        P, N, T = _unit(kv[pos]), _unit(kv[neg]), _unit(kv[ts])
        obs = T @ _unit(P.mean(0) - N.mean(0))
        # bootstrap the pole words
        wp = rng.multinomial(len(pos), np.full(len(pos), 1 / len(pos)), size=n_boot) / len(pos)
        wn = rng.multinomial(len(neg), np.full(len(neg), 1 / len(neg)), size=n_boot) / len(neg)
        boot = _unit(wp @ P - wn @ N) @ T.T  # n_boot × terms
        lo, hi = np.quantile(boot, [(1 - ci) / 2, 1 - (1 - ci) / 2], axis=0)
        # permutation: re-split the pooled pole words
        pool = np.vstack([P, N])
        sign = np.empty((n_perm, len(pool)))
        for i in range(n_perm):
            s = np.full(len(pool), -1.0 / len(neg))
            s[rng.permutation(len(pool))[: len(pos)]] = 1.0 / len(pos)
            sign[i] = s
        # test statistic: projection on the unnormalised axis, mean cos(t, P) - mean cos(t, N)
        stat = T @ (P.mean(0) - N.mean(0))
        null = (sign @ pool) @ T.T
        p = (1 + (np.abs(null) >= np.abs(stat)[None, :] - 1e-12).sum(0)) / (1 + n_perm)
        for j, t in enumerate(ts):
            out.append(
                {
                    "group": g,
                    "term": t,
                    "score": float(obs[j]),
                    "ci_low": float(lo[j]),
                    "ci_high": float(hi[j]),
                    "p": float(p[j]),
                    "n_positive": len(pos),
                    "n_negative": len(neg),
                }
            )
    res = pd.DataFrame(out)
    res["term"] = res["term"].astype("string")
    return res


def weat(
    emb: AlignedEmbeddings | EmbeddingModel,
    *,
    targets_x: Sequence[str],
    targets_y: Sequence[str],
    attributes_a: Sequence[str],
    attributes_b: Sequence[str],
    n_perm: int = 10_000,
    seed: int = 0,
) -> pd.DataFrame:
    """WEAT effect size and permutation p-value (Caliskan et al. 2017) per group.

    ``s(w) = mean cos(w, A) − mean cos(w, B)``; effect size = (mean of s
    over X − mean over Y) / standard deviation of s over X ∪ Y. The
    one-sided p-value is the share of random equal-size re-splits of X ∪ Y
    whose statistic (sum over X − sum over Y) is at least the observed one.

    Returns
    -------
    DataFrame
        ``group, effect_size, p, n_x, n_y, n_a, n_b``.
    """
    rng = np.random.default_rng(check_seed(seed))
    n_perm = positive_int("n_perm", n_perm)
    out = []
    for g, m in _models_of(emb).items():
        kv = m.wv_
        X = _present(targets_x, kv, "targets_x", g, need=2)
        Y = _present(targets_y, kv, "targets_y", g, need=2)
        A = _present(attributes_a, kv, "attributes_a", g)
        B = _present(attributes_b, kv, "attributes_b", g)
        W = _unit(kv[X + Y])
        s = (W @ _unit(kv[A]).T).mean(1) - (W @ _unit(kv[B]).T).mean(1)
        nx = len(X)
        sx, sy = s[:nx], s[nx:]
        effect = (sx.mean() - sy.mean()) / s.std(ddof=1)
        stat = sx.sum() - sy.sum()
        null = np.empty(n_perm)
        for i in range(n_perm):
            idx = rng.permutation(len(s))
            null[i] = s[idx[:nx]].sum() - s[idx[nx:]].sum()
        p = (1 + int((null >= stat - 1e-12).sum())) / (1 + n_perm)
        out.append(
            {
                "group": g,
                "effect_size": float(effect),
                "p": p,
                "n_x": nx,
                "n_y": len(Y),
                "n_a": len(A),
                "n_b": len(B),
            }
        )
    return pd.DataFrame(out)
