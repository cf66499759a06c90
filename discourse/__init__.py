"""discourse: comparative discourse analysis.

Load a corpus with metadata, measure framing terms and distinctive
vocabulary across sources with honest uncertainty, train gensim topic
models and word embeddings, and chart the results.
"""

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
from .tokens import TokenStore, tokens  # noqa: E402

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
    "tokens",
]
