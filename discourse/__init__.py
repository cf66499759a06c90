"""discourse: comparative discourse analysis.

Load a corpus with metadata, measure framing terms and distinctive
vocabulary across sources with honest uncertainty, train gensim topic
models and word embeddings, and chart the results.

Names are imported on first use, so ``import discourse`` stays fast
(gensim and matplotlib load only when a model or chart needs them).
"""

from __future__ import annotations

import importlib

from ._version import __version__
from .corpus import Corpus, Document, ReadStats
from .errors import (
    CacheError,
    DataError,
    DiscourseError,
    FetchError,
    LexiconError,
    NotFittedError,
    ParameterError,
    ReaderError,
    ReportError,
    WorkerError,
)
from .tokenization import ENGLISH_STOPWORDS, Tokenizer, TokenStore, learn_phrases, tokens

# public name → module that defines it (imported lazily)
_LAZY = {
    "read": "corpus.readers",
    "read_jsonl": "corpus.readers",
    "read_csv": "corpus.readers",
    "read_parquet": "corpus.readers",
    "read_text_folder": "corpus.readers",
    "read_html": "corpus.news",
    "read_warc": "corpus.news",
    "parse_news_date": "corpus.news",
    "SourceTable": "corpus.sources",
    "Lexicon": "analysis.lexicon",
    "load_lexicon": "analysis.lexicon",
    "term_rates": "analysis.framing",
    "frame_rates": "analysis.framing",
    "trends": "analysis.framing",
    "rate_differences": "analysis.framing",
    "kwic": "analysis.concordance",
    "Concordance": "analysis.concordance",
    "collocates": "analysis.concordance",
    "compare_collocates": "analysis.concordance",
    "dispersion": "analysis.concordance",
    "keyness": "analysis.keyness",
    "log_odds": "analysis.keyness",
    "load_targets": "analysis.targets",
    "mentions": "analysis.framing",
    "ALCModel": "models.alc",
    "term_uses": "models.alc",
    "meaning": "models.alc",
    "alc_regression": "models.alc",
    "TopicModel": "models.topics",
    "topic_sweep": "models.topics",
    "EmbeddingModel": "models.embeddings",
    "fit_by": "models.embeddings",
    "semantic_axis": "models.embeddings",
    "weat": "models.embeddings",
    "clone": "models.base",
    "render_report": "report",
    "open_corpus": "report",
    "section": "report",
    "save_table": "report",
    "save_provenance": "report",
    "analysis": None,
    "cache": None,
    "datasets": None,
    "models": None,
    "parallel": None,
    "plot": None,
    "report": None,
}


def __getattr__(name: str):
    if name in _LAZY:
        mod = _LAZY[name]
        if mod is None:
            return importlib.import_module(f".{name}", __name__)
        return getattr(importlib.import_module(f".{mod}", __name__), name)
    raise AttributeError(f"module 'discourse' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "__version__",
    "CacheError",
    "Corpus",
    "DataError",
    "DiscourseError",
    "Document",
    "ENGLISH_STOPWORDS",
    "FetchError",
    "LexiconError",
    "NotFittedError",
    "ParameterError",
    "ReadStats",
    "ReaderError",
    "ReportError",
    "TokenStore",
    "Tokenizer",
    "WorkerError",
    "learn_phrases",
    "tokens",
    *(k for k, v in _LAZY.items() if v is not None),
]
