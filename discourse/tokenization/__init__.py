"""Tokens: the tokenizer, and the token store every analysis reads text from.

=========================  ==================================================
:class:`Tokenizer`         normalisation and word rules (``tokenizer.py``)
:func:`tokens`             the :class:`TokenStore` of a corpus, built once and
                           cached (``build.py``; the kernel in ``batch.py``)
:class:`TokenStore`        ids, paragraphs, document-term counts on disk
                           (``store.py``)
:func:`learn_phrases`      multiword expressions (``phrases.py``)
:func:`capital_share`      how often each term is capitalised (``capitals.py``)
=========================  ==================================================

Importing this package registers the store as the corpus's document index
(:mod:`discourse.corpus.index`).
"""

from __future__ import annotations

from ..corpus import index as _corpus_index
from .build import STORE_VERSION, cached_store, tokens
from .capitals import capital_share
from .index import StoreIndex
from .phrases import learn_phrases
from .store import TokenStore
from .tokenizer import ENGLISH_STOPWORDS, Tokenizer, term_tokens

_corpus_index.register(StoreIndex())

__all__ = [
    "ENGLISH_STOPWORDS",
    "STORE_VERSION",
    "StoreIndex",
    "TokenStore",
    "Tokenizer",
    "cached_store",
    "capital_share",
    "learn_phrases",
    "term_tokens",
    "tokens",
]
