"""discourse: comparative discourse analysis.

Load a corpus with metadata, measure framing terms and distinctive
vocabulary across sources with honest uncertainty, train gensim topic
models and word embeddings, and chart the results.

Names are imported on first use, so ``import discourse`` stays fast
(gensim and matplotlib load only when a model or chart needs them).
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

from .corpus import Corpus, Document, ReadStats  # noqa: E402
from .errors import (  # noqa: E402
    CacheError,
    DataError,
    DiscourseError,
    FetchError,
    LexiconError,
    ParameterError,
    ReaderError,
)
from .text import ENGLISH_STOPWORDS, Tokenizer  # noqa: E402
from .tokens import TokenStore, learn_phrases, tokens  # noqa: E402

# public name → module that defines it (imported lazily)
_LAZY = {
    "read": "readers",
    "read_jsonl": "readers",
    "read_csv": "readers",
    "read_parquet": "readers",
    "read_text_folder": "readers",
    "Lexicon": "lexicon",
    "load_lexicon": "lexicon",
    "term_rates": "framing",
    "frame_rates": "framing",
    "trends": "framing",
    "rate_differences": "framing",
    "kwic": "concordance",
    "Concordance": "concordance",
    "collocates": "concordance",
    "compare_collocates": "concordance",
    "dispersion": "concordance",
    "keyness": "compare",
    "log_odds": "compare",
    "TopicModel": "topics",
    "topic_sweep": "topics",
    "EmbeddingModel": "embeddings",
    "fit_by": "embeddings",
    "semantic_axis": "embeddings",
    "weat": "embeddings",
    "render_report": "report",
    "SourceTable": "sources",
    "open_corpus": "notebook",
    "section": "notebook",
    "save_table": "notebook",
    "save_provenance": "notebook",
    "datasets": None,
    "plot": None,
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
    "ParameterError",
    "ReadStats",
    "ReaderError",
    "TokenStore",
    "Tokenizer",
    "learn_phrases",
    "tokens",
    *(k for k, v in _LAZY.items() if v is not None),
]
