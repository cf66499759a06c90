"""Multiword expressions learned from the corpus (gensim ``Phrases`` over the token store)."""

from __future__ import annotations

from .._validation import positive_int
from ..corpus import Corpus
from ..errors import ParameterError
from .build import tokens
from .tokenizer import Tokenizer


def learn_phrases(
    corpus: Corpus,
    *,
    min_count: int = 20,
    threshold: float = 0.5,
    scoring: str = "npmi",
    max_phrases: int | None = 2000,
    tokenizer: Tokenizer | None = None,
) -> list[str]:
    """Learn frequent multiword expressions with gensim ``Phrases``.

    Runs gensim's collocation detector over the cached tokens (English stop
    words act as connector words, so ``rule of law`` can be found) and
    returns the phrases as strings, most strongly associated first. Pass them
    to ``Tokenizer(mwes=...)`` to get a token store where each phrase is one
    token (``security_council``), e.g. for keyness or topic models.

    Parameters
    ----------
    min_count : int, default 20
        Ignore phrases seen fewer times.
    threshold : float, default 0.5
        Minimum score (for ``scoring="npmi"`` between -1 and 1).
    scoring : {"npmi", "default"}
        gensim's scoring function.
    max_phrases : int or None, default 2000
        Keep at most this many, by score.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> verbs, topics = ["met", "voted", "spoke", "acted", "decided"], ["Syria", "Iran", "trade"]
    >>> docs = [Document(f"{v}-{t}", f"The Security Council {v} on {t}.", "X")
    ...         for v in verbs for t in topics]
    >>> learn_phrases(Corpus(docs), min_count=5)
    ['security council']
    """
    from gensim.models.phrases import ENGLISH_CONNECTOR_WORDS, Phrases

    positive_int("min_count", min_count)
    if scoring not in ("npmi", "default"):
        raise ParameterError(f"scoring={scoring!r}: use 'npmi' or 'default'")
    store = tokens(corpus, tokenizer=tokenizer)
    rows = store.select(corpus)
    model = Phrases(
        store.iter_tokens(rows, unit="paragraph"),
        min_count=min_count,
        threshold=threshold,
        scoring=scoring,
        connector_words=ENGLISH_CONNECTOR_WORDS,
        delimiter="\x1f",
    )
    found = sorted(model.export_phrases().items(), key=lambda kv: (-kv[1], kv[0]))
    phrases = [p.replace("\x1f", " ") for p, _ in found]
    return phrases[:max_phrases] if max_phrases is not None else phrases
