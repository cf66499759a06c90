"""The tokenising kernel: one batch of texts → local vocabulary, ids, lengths, paragraphs.

Module-level functions with public names, so the serial pass, spawned
worker processes and Dask workers all run the same code
(:func:`tokenize_batch`, or :func:`tokenize_packed` on a batch that
:func:`pack_texts` turned into one blob for the trip to a worker).
"""

from __future__ import annotations

import array

import numpy as np

from .tokenizer import Tokenizer

#: Characters of text handed to one tokenising task.
BATCH_CHARS = 4_000_000


class Vocab(dict):
    """token → id, assigning the next id to an unseen token."""

    def __missing__(self, key: str) -> int:
        value = self[key] = len(self)
        return value


class Continued(str):
    """A piece of a long document after its first piece."""

    __slots__ = ()


def tokenize_batch(
    texts: list[str], tok_key: dict
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Tokenise texts with a local vocabulary.

    Returns the local vocabulary, the concatenated local ids, the number of
    tokens per document (pieces of a long document, marked
    :class:`Continued`, are added to the document before them), and
    paragraph starts relative to the batch start.
    """
    tok = Tokenizer(
        lowercase=tok_key["lowercase"], mwes=tok_key["mwes"], min_length=tok_key["min_length"]
    )
    vocab = Vocab()
    get = vocab.__getitem__
    local: list[int] = []  # a list, converted once: ~40 % faster than array.extend per text
    ends = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        local.extend(map(get, tok.tokens_and_breaks(text)))
        ends[i] = len(local)
    words = list(vocab)
    flat = array.array("I", local)
    del local
    raw = np.frombuffer(flat, dtype=np.uint32) if len(flat) else np.zeros(0, np.uint32)
    # drop the break markers; a paragraph starts at each document start and after each break
    is_break = np.fromiter(("\n" in w for w in words), dtype=bool, count=len(words))
    brk = is_break[raw] if len(raw) else np.zeros(0, bool)
    kept_before = np.concatenate([[0], np.cumsum(~brk)])  # kept tokens before raw position i
    ids = raw[~brk]
    doc_starts_raw = np.concatenate([[0], ends[:-1]])
    doc_starts = kept_before[doc_starts_raw]
    lens = kept_before[ends] - doc_starts
    breaks_at = kept_before[np.flatnonzero(brk) + 1]
    paras = np.unique(np.concatenate([doc_starts, breaks_at]))
    paras = paras[paras < len(ids)]
    # renumber the local vocabulary without the markers
    new_id = np.cumsum(~is_break) - 1
    ids = new_id[ids].astype(np.uint32) if len(ids) else ids
    words = [w for w, b in zip(words, is_break, strict=True) if not b]
    cont = np.fromiter((isinstance(t, Continued) for t in texts), dtype=bool, count=len(texts))
    if cont.any():
        doc_of_piece = np.cumsum(~cont) - 1
        lens = np.bincount(doc_of_piece, weights=lens, minlength=int(doc_of_piece[-1]) + 1).astype(
            np.int64
        )
    return words, ids, lens, paras.astype(np.int64)


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
