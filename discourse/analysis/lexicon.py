"""Frame lexicons: named frames, each a list of terms.

A *term* is a word (``isolation``), a multiword phrase (``external
interference``) or a glob (``isolat*``, ``hegemon*``; ``*`` is any run of
characters, ``?`` one character, and a glob stays within one word). A
phrase may contain glob words (``coercive measure*``). Matching is
case-insensitive and follows the tokenizer (:mod:`discourse.text`): a
hyphenated word is one token, so ``interference`` does not match
``non-interference`` (list both, or use ``*interference``); apostrophes
split (``China's`` is ``china`` + ``s``).

Lexicons are written in TOML::

    name = "International order"
    description = "Frames of the international order"

    [frames.isolation]
    description = "A state cut off from others"
    terms = ["isolation", "isolat*", "pariah", "diplomatic isolation"]

Loading validates: unknown keys, empty frames, bad globs and duplicate
terms within a frame raise :class:`~discourse.errors.LexiconError` naming the
file and line. A term may belong to several frames.

Wherever a lexicon is accepted, a plain list of terms (one frame per term)
or a mapping ``frame → terms`` works too (:meth:`Lexicon.coerce`).
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from .._config import data_folder
from ..errors import LexiconError, ParameterError
from ..tokenization.tokenizer import Tokenizer, term_tokens

DEFAULT_LEXICON = data_folder("frames") / "international-order.toml"

_TOP_KEYS = {"name", "description", "frames"}
_FRAME_KEYS = {"description", "terms", "label"}
_GLOB_CHARS = set("*?")
_GLOB_WORD = re.compile(r"^[\w*?][\w*?'.-]*$")
_MIN_GLOB_LITERALS = 3


@dataclass(frozen=True)
class Term:
    """One search term, split into the token patterns it matches in order.

    ``patterns`` holds one string per token: a literal token or a glob.
    """

    text: str
    patterns: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.patterns) > 1

    @property
    def is_glob(self) -> bool:
        return any(_GLOB_CHARS & set(p) for p in self.patterns)


def parse_term(term: str, tokenizer: Tokenizer | None = None) -> Term:
    """Split a term into token patterns, the way documents are tokenised.

    Raises :class:`ValueError` with a plain reason for a bad term (callers add
    the file and line).

    Examples
    --------
    >>> parse_term("External  Interference").patterns
    ('external', 'interference')
    >>> parse_term("U.S.-led order").patterns
    ('u.s.', 'led', 'order')
    >>> parse_term("hegemon*").patterns
    ('hegemon*',)
    """
    if not isinstance(term, str) or not term.strip():
        raise ValueError(f"term {term!r} is empty; give a word, a phrase or a glob")
    tok = tokenizer or Tokenizer()
    patterns: list[str] = []
    for word in term.split():
        if _GLOB_CHARS & set(word):
            if not _GLOB_WORD.match(word):
                raise ValueError(
                    f"bad glob {word!r} in term {term!r}: a glob is letters, digits, hyphens and "
                    "the wildcards * and ? within one word (no brackets or other punctuation)"
                )
            literals = sum(ch.isalnum() for ch in word)
            if literals < _MIN_GLOB_LITERALS:
                raise ValueError(
                    f"bad glob {word!r} in term {term!r}: it has fewer than {_MIN_GLOB_LITERALS} "
                    "letters and would match a large part of the vocabulary; make it more specific"
                )
            patterns.append(word.lower() if tok.lowercase else word)
        else:
            patterns.extend(term_tokens(word, tok))
    if not patterns:
        raise ValueError(f"term {term!r} has no word characters; give a word, a phrase or a glob")
    if tok.mwes and not any(_GLOB_CHARS & set(p) for p in patterns):
        patterns = tok.join_phrases(patterns)
    return Term(term.strip(), tuple(patterns))


class Lexicon:
    """Named frames, each a list of terms.

    Parameters
    ----------
    frames : mapping of str to list of str
        Frame name → terms (words, phrases, globs). A term may be in several frames.
    descriptions : mapping of str to str, optional
        Frame name → one-line description.
    name : str, default "lexicon"
    path : path, optional
        The file it was read from (shown in errors and reports).

    Attributes
    ----------
    frames : dict
        Frame name → tuple of term strings, in the order given.
    terms : list of str
        Every distinct term, in first-seen order.

    Examples
    --------
    >>> lex = Lexicon({"isolation": ["isolation", "isolat*"], "sovereignty": ["sovereignty"]})
    >>> lex.terms
    ['isolation', 'isolat*', 'sovereignty']
    >>> lex.frames_of("isolat*")
    ['isolation']
    """

    def __init__(
        self,
        frames: Mapping[str, Iterable[str]],
        *,
        descriptions: Mapping[str, str] | None = None,
        name: str = "lexicon",
        path: str | Path | None = None,
    ):
        if not isinstance(frames, Mapping) or not frames:
            raise ParameterError(
                f"frames= must be a non-empty mapping frame → terms, got {frames!r}"
            )
        self.name = name
        self.path = Path(path) if path is not None else None
        self.frames: dict[str, tuple[str, ...]] = {}
        for frame, terms in frames.items():
            if isinstance(terms, str):
                raise ParameterError(
                    f"frame {frame!r}: terms must be a list of strings, got one string {terms!r}; "
                    "wrap it in a list"
                )
            terms = tuple(terms)
            if not terms:
                raise ParameterError(f"frame {frame!r} has no terms; give at least one")
            for t in terms:
                try:
                    parse_term(t)
                except ValueError as exc:
                    raise ParameterError(f"frame {frame!r}: {exc}") from None
            self.frames[str(frame)] = terms
        self.descriptions = {f: str((descriptions or {}).get(f, "")) for f in self.frames}

    # -- construction --------------------------------------------------------
    @classmethod
    def coerce(cls, obj: Any) -> Lexicon:
        """A Lexicon from a Lexicon, a path to a TOML file, a term, a list of terms or a mapping.

        A list of terms becomes one frame per term (named after it).
        """
        if isinstance(obj, Lexicon):
            return obj
        if isinstance(obj, Path) or (isinstance(obj, str) and obj.endswith(".toml")):
            return load_lexicon(obj)
        if isinstance(obj, str):
            return cls({obj: [obj]}, name=obj)
        if isinstance(obj, Mapping):
            return cls(obj)
        if isinstance(obj, Iterable):
            terms = list(obj)
            if not terms:
                raise ParameterError("the list of terms is empty; give at least one term")
            bad = [t for t in terms if not isinstance(t, str)]
            if bad:
                raise ParameterError(f"terms must be strings, got {bad[0]!r}")
            return cls({t: [t] for t in dict.fromkeys(terms)}, name="terms")
        raise ParameterError(
            f"expected a Lexicon, a TOML path, a term, a list of terms or a mapping frame → terms; "
            f"got {type(obj).__name__}"
        )

    # -- access --------------------------------------------------------------
    @property
    def terms(self) -> list[str]:
        return list(dict.fromkeys(t for ts in self.frames.values() for t in ts))

    def frames_of(self, term: str) -> list[str]:
        """The frames a term belongs to."""
        return [f for f, ts in self.frames.items() if term in ts]

    def __len__(self) -> int:
        return len(self.frames)

    def __iter__(self) -> Iterator[str]:
        return iter(self.frames)

    def __getitem__(self, frame: str) -> tuple[str, ...]:
        try:
            return self.frames[frame]
        except KeyError:
            raise KeyError(
                f"frame {frame!r} is not in lexicon {self.name!r}; frames: {', '.join(self.frames)}"
            ) from None

    def __contains__(self, frame: object) -> bool:
        return frame in self.frames

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lexicon) and self.frames == other.frames

    def __repr__(self) -> str:
        return f"<Lexicon {self.name!r}: {len(self.frames)} frames, {len(self.terms)} terms>"

    def subset(self, frames: Iterable[str]) -> Lexicon:
        """A lexicon with only the named frames."""
        frames = list(frames)
        for f in frames:
            self[f]
        return Lexicon(
            {f: self.frames[f] for f in frames},
            descriptions={f: self.descriptions[f] for f in frames},
            name=self.name,
            path=self.path,
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per (frame, term): ``frame, term, description``."""
        rows = [
            {"frame": f, "term": t, "description": self.descriptions.get(f, "")}
            for f, ts in self.frames.items()
            for t in ts
        ]
        return pd.DataFrame(rows, columns=["frame", "term", "description"])

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td><b>{html.escape(f)}</b></td><td>{html.escape(self.descriptions.get(f, ''))}</td>"
            f"<td>{html.escape(', '.join(ts))}</td></tr>"
            for f, ts in self.frames.items()
        )
        return (
            f"<p>Lexicon <b>{html.escape(self.name)}</b>: {len(self.frames)} frames, "
            f"{len(self.terms)} terms</p><table><tr><th>frame</th><th>description</th>"
            f"<th>terms</th></tr>{rows}</table>"
        )


def _line_of(lines: list[str], pattern: str, start: int = 0) -> int:
    """1-based number of the first line at or after ``start`` containing ``pattern`` (else start+1)."""
    for i in range(start, len(lines)):
        if pattern in lines[i]:
            return i + 1
    return start + 1


def _header_line(lines: list[str], frame: str) -> int:
    rx = re.compile(r"^\s*\[\s*frames\s*\.\s*(\"|')?" + re.escape(frame) + r"(\"|')?\s*\]")
    for i, line in enumerate(lines):
        if rx.match(line):
            return i + 1
    return _line_of(lines, frame)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read a frame lexicon from a TOML file.

    Parameters
    ----------
    path : str or Path, optional
        Default: the shipped ``corpus/frames/international-order.toml``.

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        For a syntax error, an unknown key, an empty frame, a bad glob or a
        term listed twice in one frame; the message names the file and line.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> "isolation" in lex and "isolation" in lex["isolation"]
    True
    """
    path = Path(DEFAULT_LEXICON if path is None else path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise LexiconError(
            f"lexicon file {path} does not exist; give the path of a .toml lexicon "
            f"(the default is {DEFAULT_LEXICON})"
        ) from None
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path}: not UTF-8 text ({exc})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{path}: invalid TOML ({exc})") from None
    lines = text.splitlines()

    def fail(line: int, msg: str) -> LexiconError:
        return LexiconError(f"{path} line {line}: {msg}")

    for key in data:
        if key not in _TOP_KEYS:
            raise fail(
                _line_of(lines, key),
                f"unknown key {key!r}; allowed at the top: {', '.join(sorted(_TOP_KEYS))} "
                "(frames go under [frames.NAME])",
            )
    frames = data.get("frames")
    if not isinstance(frames, dict) or not frames:
        raise fail(1, "no frames; add at least one [frames.NAME] table with terms = [...]")
    out: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for frame, spec in frames.items():
        at = _header_line(lines, frame)
        if not isinstance(spec, dict):
            raise fail(at, f"frames.{frame} must be a table with terms = [...], got {spec!r}")
        for key in spec:
            if key not in _FRAME_KEYS:
                raise fail(
                    _line_of(lines, key, at - 1),
                    f"unknown key {key!r} in frame {frame!r}; allowed: "
                    f"{', '.join(sorted(_FRAME_KEYS))}",
                )
        terms = spec.get("terms")
        if terms is None:
            raise fail(at, f'frame {frame!r} has no terms; add terms = ["..."]')
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise fail(
                _line_of(lines, "terms", at - 1),
                f"terms of frame {frame!r} must be a list of strings",
            )
        if not terms:
            raise fail(
                _line_of(lines, "terms", at - 1),
                f"frame {frame!r} is empty; give at least one term or remove the frame",
            )
        seen: set[tuple[str, ...]] = set()
        for t in terms:
            where = _line_of(lines, f'"{t}"', at - 1)
            if where == at and f'"{t}"' not in lines[at - 1]:
                where = _line_of(lines, f"'{t}'", at - 1)
            try:
                parsed = parse_term(t)
            except ValueError as exc:
                raise fail(where, f"frame {frame!r}: {exc}") from None
            if parsed.patterns in seen:
                raise fail(where, f"frame {frame!r} lists {t!r} twice; remove one")
            seen.add(parsed.patterns)
        desc = spec.get("description", "")
        if not isinstance(desc, str):
            raise fail(at, f"description of frame {frame!r} must be a string")
        out[frame] = terms
        descriptions[frame] = desc
    return Lexicon(out, descriptions=descriptions, name=str(data.get("name", path.stem)), path=path)
