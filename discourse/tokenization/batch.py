"""The tokenising kernel: one batch of texts → local vocabulary, ids, lengths, paragraphs, sentences.

Module-level functions with public names, so the serial pass, local
worker processes and Dask workers all run the same code
(:func:`tokenize_batch`, or :func:`tokenize_packed` on a batch that
:func:`pack_texts` turned into one blob for the trip to a worker).
"""

from __future__ import annotations

import array
import itertools
from collections import defaultdict

import numpy as np

from .tokenizer import Tokenizer

#: Characters of text handed to one tokenising task.
BATCH_CHARS = 4_000_000


class Vocab(defaultdict):
    """token → id, assigning the next id to an unseen token.

    The next id comes from a C-level counter, so an unseen token costs no
    Python call (``dict.__missing__`` in Python was ~10 % of the kernel).
    """

    def __init__(self) -> None:
        super().__init__(itertools.count().__next__)


class Continued(str):
    """A piece of a long document after its first piece."""

    __slots__ = ()


def tokenize_batch(
    texts: list[str], tok_key: dict
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Tokenise texts with a local vocabulary.

    Returns the local vocabulary, the concatenated local ids, the number of
    tokens per document (pieces of a long document, marked
    :class:`Continued`, are added to the document before them), and the
    paragraph starts and the sentence starts relative to the batch start
    (every paragraph start, and every document start, is a sentence start).

    Without ``mwes`` the texts are scanned as written
    (:meth:`~discourse.tokenization.tokenizer.Tokenizer.scan`), and
    lowercasing and ``min_length`` are applied to the distinct words of the
    batch, not to every token: the same tokens as
    :meth:`~discourse.tokenization.tokenizer.Tokenizer.tokens_and_breaks`,
    for less work.
    """
    tok = Tokenizer(
        lowercase=tok_key["lowercase"], mwes=tok_key["mwes"], min_length=tok_key["min_length"]
    )
    split = tok.tokens_and_breaks if tok.mwes else tok.scan
    vocab = Vocab()
    get = vocab.__getitem__
    local: list[int] = []  # a list, converted once: ~40 % faster than array.extend per text
    ends = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        local.extend(map(get, split(text)))
        ends[i] = len(local)
    words = list(vocab)
    flat = array.array("I", local)
    del local
    raw = np.frombuffer(flat, dtype=np.uint32) if len(flat) else np.zeros(0, np.uint32)
    # the markers and the tokens shorter than min_length are dropped, case is folded
    words, para, brk, short = _fold(words, tok)
    drop = brk | short
    folded = Vocab()
    new_id = np.full(len(words), -1, dtype=np.int64)
    new_id[~drop] = np.fromiter(
        map(folded.__getitem__, itertools.compress(words, (~drop).tolist())),
        dtype=np.int64,
        count=int((~drop).sum()),
    )
    # positions: a paragraph starts at each document start and after each paragraph
    # break, a sentence after each break of either kind
    dropped = drop[raw] if len(raw) else np.zeros(0, bool)
    kept_before = np.concatenate([[0], np.cumsum(~dropped)])  # kept tokens before raw position i
    ids = new_id[raw[~dropped]].astype(np.uint32) if len(raw) else raw
    doc_starts = kept_before[np.concatenate([[0], ends[:-1]])]
    lens = kept_before[ends] - doc_starts
    n = len(ids)
    starts = []
    for mark in (para, brk):
        at = np.flatnonzero(mark[raw]) if len(raw) else np.zeros(0, np.int64)
        s = np.unique(np.concatenate([doc_starts, kept_before[at + 1]]))
        starts.append(s[s < n].astype(np.int64))
    cont = np.fromiter((isinstance(t, Continued) for t in texts), dtype=bool, count=len(texts))
    if cont.any():
        doc_of_piece = np.cumsum(~cont) - 1
        lens = np.bincount(doc_of_piece, weights=lens, minlength=int(doc_of_piece[-1]) + 1).astype(
            np.int64
        )
    return list(folded), ids, lens, starts[0], starts[1]


_BREAK_FIRST = np.array([ord(c) for c in ".!?:\n"], dtype=np.uint32)


def _fold(words: list[str], tok: Tokenizer) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Distinct words lowercased (with ``tok.lowercase``), and which are paragraph breaks,
    breaks of either kind, or shorter than ``tok.min_length``.

    Vectorised over the code points of the joined words (no Python call per
    word): a break starts with one of ``.!?:`` or a line break (a token
    starts with a letter or digit), and only a paragraph break holds a line
    break (:func:`~discourse.tokenization.tokenizer.is_break`,
    :func:`~discourse.tokenization.tokenizer.is_paragraph_break`).
    """
    none = np.zeros(0, dtype=bool)
    if not words:
        return words, none, none, none
    joined = "\0".join(words)  # no token or break holds "\0"
    if tok.lowercase:
        joined = joined.lower()
        words = joined.split("\0")
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    sep = np.flatnonzero(codes == 0)
    starts = np.concatenate([[0], sep + 1])
    lens = np.concatenate([sep, [len(codes)]]) - starts
    brk = np.isin(codes[starts], _BREAK_FIRST)
    para = np.add.reduceat((codes == 10).astype(np.int64), starts) > 0
    return words, para, brk, lens < tok.min_length


def split_long(text: str, limit: int) -> list[str]:
    """Cut ``text`` at white space into pieces of at most about ``limit`` characters."""
    if len(text) <= limit:
        return [text]
    out, start = [], 0
    while len(text) - start > limit:
        cut = text.rfind("\n", start + limit // 2, start + limit)
        if cut < 0:
            cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut < 0:
            cut = start + limit  # no white space at all: a hard cut
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def pack_texts(texts: list[str]) -> tuple[bytes, np.ndarray, np.ndarray]:
    """A batch of texts as one UTF-8 blob, character ends and :class:`Continued` marks.

    One ``bytes`` object travels to a worker process without a copy per
    string (a list of strings is pickled string by string); lone surrogates
    survive (``surrogatepass``, as in the corpus fingerprint).
    """
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
    cont = np.fromiter((isinstance(t, Continued) for t in texts), dtype=bool, count=len(texts))
    return "".join(texts).encode("utf-8", "surrogatepass"), ends, cont


def tokenize_packed(packed: tuple[bytes, np.ndarray, np.ndarray], tokenizer_key: dict) -> tuple:
    """:func:`tokenize_batch` of a batch packed by :func:`pack_texts` (runs on a worker)."""
    blob, ends, cont = packed
    text = blob.decode("utf-8", "surrogatepass")
    starts = np.concatenate([[0], ends[:-1]]).tolist()
    texts = [
        Continued(text[a:b]) if c else text[a:b]
        for a, b, c in zip(starts, ends.tolist(), cont.tolist(), strict=True)
    ]
    return tokenize_batch(texts, tokenizer_key)
