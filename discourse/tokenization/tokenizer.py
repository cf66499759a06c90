"""Text normalisation and tokenisation.

The rules, in the order they are applied by :meth:`Tokenizer.normalize`:

1. Unicode NFKC (ligatures, full-width forms, non-breaking spaces), only
   for texts that are not plain ASCII; curly quotes and apostrophes fold to
   ``'`` and ``"``; dashes (en, em, minus) fold to ``-``; soft hyphens and
   zero-width characters are dropped.
2. Line-end hyphenation is undone keeping the hyphen: ``sixty-\\nninth`` →
   ``sixty-ninth`` (the UNGDC transcripts break words this way).
3. Hard line wraps need no rule: line breaks are white space to the
   tokeniser. Paragraph boundaries (a blank line, or a line break after
   ``.``, ``!``, ``?`` or ``:``) are recorded for paragraph-level units.

Then :meth:`Tokenizer.tokenize`:

4. Lowercase (``lowercase=True``).
5. A token is a run of letters/digits, with internal hyphens kept
   (``non-interference``, ``sixty-ninth``), or a dotted abbreviation of
   single letters (``U.S.`` → ``u.s.``, ``e.g.``). Apostrophes split
   (``China's`` → ``china``, ``s``: ``s`` is a stop word). Numbers are kept.
6. Multiword expressions given in ``mwes`` (from a frame lexicon, or learned
   with :func:`discourse.learn_phrases`) are joined with ``_``:
   ``unilateral coercive measures`` → ``unilateral_coercive_measures``.

Stop words are not removed here: the token cache keeps every token, and
analyses drop stop words when they read it (``stopwords=`` parameters,
default :data:`ENGLISH_STOPWORDS`), so changing the list never requires
re-tokenising.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..errors import ParameterError

TOKENIZER_VERSION = 1

TOKEN_RE = re.compile(r"\w+(?:-\w+)*(?:\.(?:[^\W\d_]\.)+)?")
_HYPHEN_BREAK = re.compile(r"-[ \t]*\r?\n[ \t]*(?=\w)")
_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*|(?<=[.!?:])[ \t]*\n\s*")
# tokens and paragraph breaks in one scan; every break match contains "\n"
TOKEN_OR_BREAK_RE = re.compile(TOKEN_RE.pattern + r"|[.!?:][ \t]*\r?\n|\n[ \t]*\r?\n")
_FOLD = dict(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
    }
)
_FOLD_ITEMS = tuple((k, v or "") for k, v in _FOLD.items())

# A compact English list (function words, auxiliaries, pronouns, clitic
# fragments left by apostrophe splitting). Content words that matter in
# political text ("interest", "system", "part", "states") are NOT in it.
ENGLISH_STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are aren as at be because been
before being below between both but by can cannot could couldn d did didn do does doesn
doing don down during each either else ever every few for from further had hadn has hasn
have haven having he her here hers herself him himself his how however i if in into is
isn it its itself just ll m may me might more most must mustn my myself neither no nor
not now o of off on once only or other ought our ours ourselves out over own re s same
shall shan she should shouldn so some such t than that the their theirs them themselves
then there these they this those through thus to too under until up upon us ve very was
wasn we were weren what when where whether which while who whom whose why will with
within without won would wouldn y yet you your yours yourself yourselves
""".split()
)


class Tokenizer:
    """Normalise and split text into tokens.

    Parameters
    ----------
    lowercase : bool, default True
    mwes : iterable of str, default ()
        Multiword expressions to join into one token (``"external
        interference"`` → ``external_interference``). Each is tokenised by
        the same rules first, so case and hyphens need not match exactly.
    min_length : int, default 1
        Shorter tokens are dropped.

    Examples
    --------
    >>> Tokenizer().tokenize("The U.S.-led order; sixty-\\nninth session")
    ['the', 'u.s.', 'led', 'order', 'sixty-ninth', 'session']
    >>> Tokenizer(mwes=["external interference"]).tokenize("No External  Interference!")
    ['no', 'external_interference']
    """

    def __init__(self, *, lowercase: bool = True, mwes: Iterable[str] = (), min_length: int = 1):
        if isinstance(mwes, str):
            raise ParameterError("mwes= takes a list of phrases, not one string; wrap it in a list")
        if not isinstance(min_length, int) or min_length < 1:
            raise ParameterError(f"min_length must be a positive integer, got {min_length!r}")
        self.lowercase = lowercase
        self.min_length = min_length
        self.mwes = tuple(sorted({m.strip() for m in mwes if m and m.strip()}))
        phrases = {}
        for m in self.mwes:
            parts = tuple(self._split(self.normalize(m)))
            if len(parts) >= 2:
                phrases[parts] = "_".join(parts)
        self._phrases = phrases
        self._max_len = max((len(p) for p in phrases), default=0)
        self._firsts = frozenset(p[0] for p in phrases)

    @property
    def key(self) -> dict:
        """Everything that determines the token stream (for cache keys)."""
        return {
            "version": TOKENIZER_VERSION,
            "lowercase": self.lowercase,
            "min_length": self.min_length,
            "mwes": list(self.mwes),
        }

    def __repr__(self) -> str:
        return f"Tokenizer(lowercase={self.lowercase}, mwes={len(self.mwes)}, min_length={self.min_length})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tokenizer) and self.key == other.key

    def __hash__(self) -> int:
        return hash(repr(self.key))

    @staticmethod
    def normalize(text: str) -> str:
        """Rules 1–2 above (NFKC, quote and dash folding, line-end hyphenation)."""
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
            for old, new in _FOLD_ITEMS:  # str.replace per char: far faster than translate
                if old in text:
                    text = text.replace(old, new)
        if "-\n" in text or "-\r" in text or "- \n" in text:
            text = _HYPHEN_BREAK.sub("-", text)
        return text

    def _split(self, text: str) -> list[str]:
        if self.lowercase:
            text = text.lower()
        toks = TOKEN_RE.findall(text)
        if self.min_length > 1:
            toks = [t for t in toks if len(t) >= self.min_length]
        return toks

    def tokenize(self, text: str) -> list[str]:
        """Normalise and split one text into a list of tokens."""
        toks = self._split(self.normalize(text))
        return self.join_phrases(toks) if self._phrases else toks

    def tokens_and_breaks(self, text: str) -> list[str]:
        """Tokens with paragraph breaks as strings containing ``"\\n"`` (one regex scan)."""
        text = self.normalize(text)
        if self.lowercase:
            text = text.lower()
        toks = TOKEN_OR_BREAK_RE.findall(text)
        if self.min_length > 1:
            toks = [t for t in toks if len(t) >= self.min_length or "\n" in t]
        return self.join_phrases(toks) if self._phrases else toks

    def paragraphs(self, text: str) -> list[list[str]]:
        """Tokens of each paragraph (see rule 3); empty paragraphs are dropped."""
        text = self.normalize(text)
        out = []
        for part in _PARA_BREAK.split(text):
            toks = self._split(part)
            if self._phrases:
                toks = self.join_phrases(toks)
            if toks:
                out.append(toks)
        return out

    def join_phrases(self, toks: list[str]) -> list[str]:
        """Join the longest multiword expression starting at each position."""
        firsts = self._firsts
        if not firsts.intersection(toks):
            return toks
        phrases, longest = self._phrases, self._max_len
        out: list[str] = []
        i, n = 0, len(toks)
        while i < n:
            t = toks[i]
            if t in firsts:
                for L in range(min(longest, n - i), 1, -1):
                    joined = phrases.get(tuple(toks[i : i + L]))
                    if joined is not None:
                        out.append(joined)
                        i += L
                        break
                else:
                    out.append(t)
                    i += 1
            else:
                out.append(t)
                i += 1
        return out


def term_tokens(term: str, tokenizer: Tokenizer | None = None) -> list[str]:
    """Tokenise a search term the way documents are tokenised (no phrase joining)."""
    tok = tokenizer or Tokenizer()
    return tok._split(tok.normalize(term))
