"""Text normalisation and tokenisation.

The rules, in the order they are applied by :meth:`Tokenizer.normalize`:

1. Unicode NFKC (ligatures, full-width forms, non-breaking spaces, ``…`` →
   ``...``), only for texts that are not plain ASCII; curly quotes and
   apostrophes fold to ``'`` and ``"``; dashes (en, em, minus) fold to
   ``-``; soft hyphens and zero-width characters are dropped.
2. Line-end hyphenation is undone keeping the hyphen: ``sixty-\\nninth`` →
   ``sixty-ninth`` (the UNGDC transcripts break words this way).
3. Hard line wraps need no rule: line breaks are white space to the
   tokeniser. Paragraph boundaries (a blank line, or a line break after
   ``.``, ``!``, ``?`` or ``:``) are recorded for paragraph-level units.
4. Sentence boundaries are recorded too (rule 8 below).

Then :meth:`Tokenizer.tokenize`:

5. A token is a run of letters/digits, with internal hyphens kept
   (``non-interference``, ``sixty-ninth``), or a dotted abbreviation of
   single letters (``U.S.`` → ``u.s.``, ``e.g.``). Apostrophes split
   (``China's`` → ``china``, ``s``: ``s`` is a stop word). Numbers are kept.
6. Lowercase (``lowercase=True``), token by token, after splitting (so
   the case of the text can decide where a sentence ends).
7. Multiword expressions given in ``mwes`` (from a frame lexicon, or learned
   with :func:`discourse.learn_phrases`) are joined with ``_``:
   ``unilateral coercive measures`` → ``unilateral_coercive_measures``.
   They are not joined across a sentence end or a paragraph break.

8. **Sentences.** A sentence ends at ``.``, ``!`` or ``?`` (or a run of
   them, so ``...``, ``…`` and ``?!``), with any closing quotes or
   brackets, followed by white space and then an upper-case letter (ASCII
   or Latin-1) or a digit, possibly after opening quotes or brackets
   (``He left. "We`` ends a sentence). A paragraph break and the end of the
   text also end a sentence. A full stop does not end one:

   * after a title, :data:`TITLES` (``Mr.``, ``Mrs.``, ``Ms.``, ``Dr.``,
     ``St.``, ``vs.``, …; matched with their case);
   * after an abbreviation of :data:`NUMBER_ABBREVIATIONS` before a number
     (``No. 242``, ``Art. 51``, ``para. 3``; but ``he said No. Then`` ends);
   * after a single capital letter, an initial (``H. E. Mr. Guterres``;
     so ``World War I. The`` is one sentence too);
   * after a number of one to three digits that opens a line or the text:
     a paragraph or list number (``12. The Assembly``; the older UNGDC
     speeches number their paragraphs);
   * after a dotted abbreviation (``U.S.``, ``U.K.``, ``e.g.``, ``i.e.``),
     since its last full stop belongs to the token;
   * inside a number (``1.5``), or before a lower-case word (``etc. and``,
     ``e.g. the``), since no white space and capital follow.

   Only a full stop is checked against abbreviations: ``No!`` ends a
   sentence. Sentence starts always include paragraph starts.

Stop words are not removed here: the token cache keeps every token, and
analyses drop stop words when they read it (``stopwords=`` parameters,
default :data:`ENGLISH_STOPWORDS`), so changing the list never requires
re-tokenising.

Why a regular expression and not a sentence splitter (NLTK's Punkt, spaCy's
``senter``, pySBD)? The boundaries are found in the same regex scan that
finds tokens (one more alternative in :data:`TOKEN_OR_BREAK_RE`), so they
cost almost nothing in the corpus pass; a separate splitter reads every
text a second time and runs at a few MB/s in Python (Punkt, pySBD) or needs
a model (spaCy). The rules above get the cases that matter in speeches and
news (titles, initials, U.S., numbers) right; what they miss (a sentence
ending in an abbreviation or an initial) joins two sentences, never
splits one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from ..errors import ParameterError

#: Version of the token stream; part of every cache key that depends on it.
TOKENIZER_VERSION = 2

TOKEN_RE = re.compile(r"\w+(?:-\w+)*(?:\.(?:[^\W\d_]\.)+)?")
_HYPHEN_BREAK = re.compile(r"-[ \t]*\r?\n[ \t]*(?=\w)")

#: Titles: a full stop after one never ends a sentence (rule 8; case-sensitive).
TITLES = (
    "Mr", "Mrs", "Ms", "Dr", "St", "Mt", "Jr", "Sr", "Prof", "Messrs", "Gen", "Sen", "Rev",
    "Hon", "Gov", "Col", "Lt", "Capt", "vs", "cf",
)  # fmt: skip
#: Abbreviations before a number: a full stop after one does not end a sentence
#: when a number follows (``No. 5``, ``Art. 51``), but does otherwise (``said No. Then``).
NUMBER_ABBREVIATIONS = (
    "No", "Nos", "no", "nos", "Art", "Arts", "art", "para", "paras", "p", "pp", "vol", "Vol",
)  # fmt: skip


def _after(words: tuple[str, ...], negative: bool) -> str:
    """Lookbehinds for a full stop just after one of ``words`` (one lookbehind per word length)."""
    by_len: dict[int, list[str]] = {}
    for w in words:
        by_len.setdefault(len(w), []).append(re.escape(w))
    sign = "!" if negative else "="
    return [rf"(?<{sign}\b(?:{'|'.join(w)})\.)" for _, w in sorted(by_len.items())]


def _not_after_abbreviation() -> str:
    """The conditions of rule 8 on the text before a full stop, as lookarounds."""
    initial = r"(?<!\b[A-Z]\.)"
    # a number that opens a line or the text numbers a paragraph or an item: "12. The"
    initial += "".join(
        rf"(?<!{edge}{d})" for edge in ("\\n", "^") for d in (r"\d\.", r"\d\d\.", r"\d\d\d\.")
    )
    titles = "".join(_after(TITLES, True))
    numbered = "|".join(_after(NUMBER_ABBREVIATIONS, False))
    return initial + titles + rf"(?!(?:{numbered})[ \t\r\n]+[0-9])"


_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
#: A sentence end (rule 8): the last of a run of ``.!?`` and any closing quotes or
#: brackets; the white space and the capital after it are only looked at, so a
#: line break after the run is still seen as a paragraph break.
SENTENCE_END = (
    r"[.!?](?![.!?])"
    + _not_after_abbreviation()
    + r"[\"')\]]*(?=[ \t\r\n]+[\"'(\[]*["
    + _UPPER
    + r"0-9])"
)
# tokens, paragraph breaks and sentence ends in one scan: a paragraph break
# contains "\n", a sentence end starts with . ! or ? and a token with a letter or digit
TOKEN_OR_BREAK_RE = re.compile(
    TOKEN_RE.pattern + r"|[.!?:][ \t]*\r?\n|\n[ \t]*\r?\n|" + SENTENCE_END
)


def is_paragraph_break(piece: str) -> bool:
    """Whether a piece found by :data:`TOKEN_OR_BREAK_RE` is a paragraph break."""
    return "\n" in piece


def is_break(piece: str) -> bool:
    """Whether a piece found by :data:`TOKEN_OR_BREAK_RE` is a paragraph break or a sentence end."""
    return piece[0] in ".!?:\n"


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
        toks = TOKEN_RE.findall(text)
        if self.lowercase:
            toks = _lower(toks)
        if self.min_length > 1:
            toks = [t for t in toks if len(t) >= self.min_length]
        return toks

    def tokenize(self, text: str) -> list[str]:
        """Normalise and split one text into a list of tokens (the tokens the store keeps)."""
        if self._phrases:  # phrases are not joined across a break
            return [t for t in self.tokens_and_breaks(text) if not is_break(t)]
        return self._split(self.normalize(text))

    def scan(self, text: str) -> list[str]:
        """Tokens as written, with paragraph breaks and sentence ends, in one regex scan.

        Case is kept and ``min_length`` and ``mwes`` are not applied: the
        tokenising kernel (:func:`discourse.tokenization.batch.tokenize_batch`)
        lowercases and filters once per distinct token instead of once per
        token. Tell the pieces apart with :func:`is_break` and
        :func:`is_paragraph_break`.
        """
        return TOKEN_OR_BREAK_RE.findall(self.normalize(text))

    def tokens_and_breaks(self, text: str) -> list[str]:
        """Tokens (rules 1–7) with paragraph breaks (strings containing ``"\\n"``) and
        sentence ends (strings starting with ``.``, ``!`` or ``?``) between them."""
        toks = self.scan(text)
        if self.lowercase:
            toks = _lower(toks)
        if self.min_length > 1:
            toks = [t for t in toks if len(t) >= self.min_length or is_break(t)]
        return self.join_phrases(toks) if self._phrases else toks

    def paragraphs(self, text: str) -> list[list[str]]:
        """Tokens of each paragraph (see rule 3); empty paragraphs are dropped."""
        return self._units(text, is_paragraph_break)

    def sentences(self, text: str) -> list[list[str]]:
        """Tokens of each sentence (see rule 8); empty sentences are dropped.

        Examples
        --------
        >>> Tokenizer().sentences("Mr. Smith met the U.S. envoy. He left at 5.30. Why? Art. 51.")
        [['mr', 'smith', 'met', 'the', 'u.s.', 'envoy'], ['he', 'left', 'at', '5', '30'], ['why'], ['art', '51']]
        """
        return self._units(text, is_break)

    def _units(self, text: str, ends: Callable[[str], bool]) -> list[list[str]]:
        out, cur = [], []
        for t in self.tokens_and_breaks(text):
            if not is_break(t):
                cur.append(t)
            elif ends(t) and cur:
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
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


def _lower(toks: list[str]) -> list[str]:
    """Each token lowercased (one ``str.lower`` of the joined list; no token holds ``"\\0"``)."""
    return "\0".join(toks).lower().split("\0") if toks else toks


def term_tokens(term: str, tokenizer: Tokenizer | None = None) -> list[str]:
    """Tokenise a search term the way documents are tokenised (no phrase joining)."""
    tok = tokenizer or Tokenizer()
    return tok._split(tok.normalize(term))
