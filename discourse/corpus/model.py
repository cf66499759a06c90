"""The corpus model: frozen documents in a lazy, re-iterable collection.

A :class:`Corpus` never holds its texts unless it was built from a list.
Iterating it calls its *factory* again, so it can be passed to several
passes (counting, tokenising, training) like a gensim streamed corpus.
``filter`` / ``group_by`` / ``sample`` return new lazy corpora that share
the same factory plus a predicate; they never materialise the texts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import GeneratorType, MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _grouping
from ..cache import stable_hash
from ..errors import ParameterError, ReaderError, known
from . import duplicates as dup_registry
from . import index
from .fingerprint import (
    doc_hash_update,
    fingerprint_memo,
    remember_fingerprint,
    remember_reader_stats,
    remembered_reader_stats,
)
from .sources import SourceTable

if TYPE_CHECKING:  # pandas is imported where a table is built: readers start without it
    import pandas as pd

_EMPTY_META: Mapping[str, Any] = MappingProxyType({})


@dataclasses.dataclass(frozen=True, slots=True)
class Document:
    """One document: text plus the metadata analyses group by.

    Attributes
    ----------
    id : str
        Unique within its corpus.
    text : str
        The raw text (normalisation happens at tokenisation).
    source : str
        Who produced it: an outlet, a government, a country code.
    date : datetime.date or None
        Publication date. Year-only dates are stored as 1 January of that
        year with ``meta["date_precision"] == "year"``.
    title : str
        Headline or label; may be empty.
    meta : Mapping
        Any further fields (read-only).
    """

    id: str
    text: str
    source: str
    date: dt.date | None = None
    title: str = ""
    meta: Mapping[str, Any] = dataclasses.field(default_factory=lambda: _EMPTY_META)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date is not None else None


@dataclasses.dataclass
class ReadStats:
    """How many documents a reader saw, kept and skipped, and why.

    ``read == kept + sum(skipped.values())`` always holds after a full pass.
    ``replacements`` counts undecodable bytes replaced (``errors="replace"``)
    and ``examples`` keeps the first few skipped records per reason
    (file and line or record number) so nothing is lost silently.
    ``notes`` counts documents per remark that is no skip (``"no 'date'
    field: no dates"``: the field was not named and the file lacks it).
    """

    read: int = 0
    kept: int = 0
    skipped: Counter = dataclasses.field(default_factory=Counter)
    replacements: int = 0
    examples: dict = dataclasses.field(default_factory=dict)
    notes: Counter = dataclasses.field(default_factory=Counter)

    def skip(self, reason: str, where: str) -> None:
        self.skipped[reason] += 1
        self.examples.setdefault(reason, [])
        if len(self.examples[reason]) < 5:
            self.examples[reason].append(where)

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ReadStats:
        return cls(
            read=d["read"],
            kept=d["kept"],
            skipped=Counter(d.get("skipped", {})),
            replacements=d.get("replacements", 0),
            examples={k: list(v) for k, v in d.get("skipped_examples", {}).items()},
            notes=Counter(d.get("notes", {})),
        )

    def as_dict(self) -> dict:
        return {
            "read": self.read,
            "kept": self.kept,
            "skipped": dict(self.skipped),
            "replacements": self.replacements,
            "skipped_examples": {k: list(v) for k, v in self.examples.items()},
            "notes": dict(self.notes),
        }


# A factory yields documents and fills the ReadStats it is given.
Factory = Callable[[ReadStats], Iterator[Document]]


def _from_sequence(docs: tuple[Document, ...]) -> Factory:
    def factory(stats: ReadStats) -> Iterator[Document]:
        for doc in docs:
            stats.read += 1
            stats.kept += 1
            yield doc

    return factory


@dataclasses.dataclass(frozen=True)
class Filter:
    """One criterion of a corpus view: a description, a test on a document, and
    the same test on a document table (``mask``, None when it needs the texts)."""

    description: str
    keep: Callable[[Document], bool]
    # the same test on a token store's document table (None: needs the documents)
    mask: Callable[[pd.DataFrame], Any] | None = None


_YEAR_RE = re.compile(r"^\s*(\d{4})\s*$")
_YM_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def parse_date(value: Any) -> tuple[dt.date | None, str]:
    """Parse a date field; return ``(date, precision)``.

    Accepts ``datetime.date``/``datetime``, a year as int or string
    (``2023`` → 2023-01-01, precision ``"year"``), ``YYYY-MM``, ISO dates and
    timestamps, and other unambiguous formats understood by ``dateutil``
    (``22 September 2023``). ``None``/empty → ``(None, "none")``. Raises
    ``ValueError`` for anything else.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None, "none"
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        if 1 <= int(value) <= 9999:
            return dt.date(int(value), 1, 1), "year"
        raise ValueError(f"year {value} is out of range")
    text = str(value).strip()
    if not text:
        return None, "none"
    if m := _YEAR_RE.match(text):
        return dt.date(int(m.group(1)), 1, 1), "year"
    if m := _YM_RE.match(text):
        return dt.date(int(m.group(1)), int(m.group(2)), 1), "month"
    try:
        return dt.date.fromisoformat(text[:10]), "day"
    except ValueError:
        pass
    from dateutil import parser as dateparser  # pandas dependency

    try:
        return dateparser.parse(text, dayfirst=False).date(), "day"
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"cannot parse date {text!r} ({exc})") from None


def date_precision(frame: Any) -> str:
    """What the dates of a document table stand for: ``"year"``, ``"month"`` or ``"day"``.

    ``frame``: a token store's document table (``date`` and ``meta``, the
    JSON of each document's meta). ``"year"`` or ``"month"`` when every dated
    document's ``meta["date_precision"]`` says so (the UNGDC, a CSV of years),
    ``"day"`` otherwise, so that a mixed corpus shows its dates in full.

    >>> import pandas as pd
    >>> date_precision(pd.DataFrame({"date": [dt.date(2023, 1, 1), None],
    ...                              "meta": ['{"date_precision": "year"}', "{}"]}))
    'year'
    """
    import json

    found = set()
    for date, meta in zip(frame["date"], frame["meta"], strict=True):
        if date is None or date != date:
            continue
        found.add((json.loads(meta) if meta else {}).get("date_precision", "day"))
        if len(found) > 1:
            return "day"
    return found.pop() if found in ({"year"}, {"month"}) else "day"


def shown_date(value: Any, precision: str = "day") -> str:
    """A date as tables and pages show it: the year, ``YYYY-MM`` or ISO; ``""`` for none.

    >>> shown_date(dt.date(1993, 1, 1), "year"), shown_date(dt.date(2022, 7, 1), "month")
    ('1993', '2022-07')
    >>> shown_date("2022-07-13"), shown_date(None)
    ('2022-07-13', '')
    """
    if value is None or value != value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        value = value.date()
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def shown_span(info: Mapping[str, Any]) -> str:
    """``"1946 – 2023"``: the first and last dates of ``corpus.info()`` (or a manifest) as shown.

    >>> shown_span({"first_date": "1946-01-01", "last_date": "2023-01-01", "date_precision": "year"})
    '1946 – 2023'
    >>> shown_span({"first_date": None, "last_date": None})
    'none'
    """
    if not info.get("first_date"):
        return "none"
    p = info.get("date_precision", "day")
    return f"{shown_date(info['first_date'], p)} – {shown_date(info.get('last_date'), p)}"


class Corpus:
    """A lazy, re-iterable collection of :class:`Document` records.

    Parameters
    ----------
    documents : iterable of Document, or callable
        A list/tuple of documents (held in memory), or a *factory*: a
        callable taking a :class:`ReadStats` and returning a fresh iterator
        of documents each time it is called (how the readers stream from
        disk). A one-shot generator is refused, since analyses need
        several passes.
    name : str
        Shown in summaries and reports.
    origin : str, optional
        A key that identifies the data behind a factory (file path, size,
        modification time, reader options). Lets the fingerprint and the
        token cache be found again without re-reading the texts.
    sources : SourceTable, optional
        Display names, regions and groups of the sources (default: an empty
        table, so names fall back to the codes and group look-ups raise a
        ParameterError naming the missing group).
    dataset : mapping, optional
        Where the data came from (dataset version, file, checksum), shown by
        ``info()`` and in report manifests.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "Sovereignty first.", "CHN"),
    ...             Document("b", "Isolation ends.", "SYR")])
    >>> len(c), c.source_counts()
    (2, {'CHN': 1, 'SYR': 1})
    >>> len(c.filter(source="SYR"))
    1
    """

    def __init__(
        self,
        documents: Iterable[Document] | Factory,
        *,
        name: str = "corpus",
        origin: str | None = None,
        sources: Any = None,
        dataset: Mapping[str, Any] | None = None,
        _filters: tuple[Filter, ...] = (),
        _base: Corpus | None = None,
    ):
        if isinstance(documents, (GeneratorType, Iterator)):
            raise ParameterError(
                "documents is a one-shot iterator; a Corpus needs to be iterated several "
                "times. Pass a list of Documents, or a function that returns a new iterator."
            )
        if callable(documents):
            self._factory: Factory = documents
        else:
            docs = tuple(documents)
            for i, d in enumerate(docs):
                if not isinstance(d, Document):
                    raise ParameterError(
                        f"documents[{i}] is {type(d).__name__}, not a discourse.Document"
                    )
            self._factory = _from_sequence(docs)
        self.name = name
        self.origin = origin
        self.sources = SourceTable() if sources is None else sources
        self.dataset = dict(dataset) if dataset else None
        self._filters = _filters
        self._base = _base
        self._stats: ReadStats | None = None
        self._len: int | None = None
        self._fingerprint: str | None = None
        self._ids: list[str] | None = None
        self._texts: dict[str, str] | None = None

    # -- iteration ---------------------------------------------------------
    def __iter__(self) -> Iterator[Document]:
        stats = ReadStats()
        n = 0
        filters = self._filters
        for doc in self._factory(stats):
            if all(f.keep(doc) for f in filters):
                n += 1
                yield doc
        # only reached after a complete pass
        self._stats = stats
        self._len = n

    #: :meth:`texts` keeps a corpus's texts in memory when they total at most this many characters.
    TEXT_MEMO_CHARS = 64_000_000

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        """The texts of the documents ``ids`` of this corpus, by id (ids not in it are left out).

        The first call reads the corpus once. If its texts total at most
        :attr:`TEXT_MEMO_CHARS` characters (a selection of sources and years,
        say), all of them are kept in memory, so that later calls, such as
        the next concordance of the same selection, read nothing. A corpus
        read from an archive cannot jump to one document: without the memo
        every call would decompress the archive up to its last document.
        """
        wanted = set(ids)
        if self._texts is not None:
            return {i: self._texts[i] for i in wanted if i in self._texts}
        out: dict[str, str] = {}
        keep: dict[str, str] | None = {}
        size = 0
        for d in self:
            if d.id in wanted:
                out[d.id] = d.text
            if keep is not None:
                size += len(d.text)
                if size > self.TEXT_MEMO_CHARS:
                    keep = None
                else:
                    keep[d.id] = d.text
        self._texts = keep
        return out

    def __len__(self) -> int:
        if self._len is None:
            frame = self._cached_doc_frame()
            if frame is not None:
                self._len = len(frame)
            else:
                for _ in self:
                    pass
        return self._len  # type: ignore[return-value]

    def _cached_doc_frame(self) -> pd.DataFrame | None:
        """This view's rows of the cached token store's document table, if one exists.

        Lets ``len``, ``ids`` and ``source_counts`` answer without reading texts.
        Views with an arbitrary ``where=`` predicate still need a pass.
        """
        if any(f.mask is None for f in self._filters):
            return None
        return index.get().doc_frame(self)

    @property
    def base(self) -> Corpus:
        """The unfiltered corpus this one was derived from (itself if none)."""
        return self._base if self._base is not None else self

    @property
    def is_filtered(self) -> bool:
        return bool(self._filters)

    @property
    def stats(self) -> ReadStats:
        """Documents read, kept and skipped by the reader (one pass if needed).

        These describe the reader's pass over the whole data; filters are not
        "skipped" documents. Remembered on disk with the fingerprint, under the
        files and reader options that gave them (not under the documents: a
        file with a malformed row skipped and the same file without it give
        one token store and different counts).
        """
        if self._stats is None:
            recorded = remembered_reader_stats(self.origin)
            if recorded is not None:
                self._stats = ReadStats.from_dict(recorded)
            else:
                for _ in self:
                    pass
                remember_reader_stats(self.origin, self._stats.as_dict())  # a memo of before
        return self._stats  # type: ignore[return-value]

    def duplicates(self) -> pd.DataFrame:
        """The duplicate clusters the reader dropped (read with ``dedupe=True`` or ``"near"``).

        A filtered view gives its base corpus's clusters. Dropped copies are
        not documents of the corpus; they live only in this table. If no pass
        has been made in this process, the corpus is read once first.

        Returns
        -------
        DataFrame
            One row per document in a cluster of two or more, the kept one first:
            ``story`` (cluster number, in reading order of the kept copy),
            ``outlet`` (the document's source), ``date``, ``id``, ``kept`` (True
            for the one document the corpus holds), ``copy_of`` (the kept id;
            None on the kept row), ``jaccard`` (estimated similarity to the kept
            copy; 1.0 for exact copies), ``where`` (file, file:line or
            file:offset). Empty (with these columns) when there were no copies.

        Raises
        ------
        ParameterError
            When the corpus was not read with ``dedupe=True`` or ``dedupe="near"``.
        """
        base = self.base
        if not dup_registry.declared(base.origin):
            raise ParameterError(
                f"corpus {self.name!r} was not read with dedupe='near' or dedupe=True; read it "
                "again with dedupe='near' (wire copies) or dedupe=True (identical texts)"
            )
        table = dup_registry.lookup(base.origin)
        if table is None:
            for _ in base:  # one complete pass records the table
                pass
            table = dup_registry.lookup(base.origin)
        return table.frame() if table is not None else dup_registry.DuplicateTable().frame()

    def __repr__(self) -> str:
        filt = f", filters=[{'; '.join(f.description for f in self._filters)}]"
        return f"<Corpus {self.name!r}{filt if self._filters else ''}>"

    # -- derived corpora ---------------------------------------------------
    def derive(
        self, description: str, keep: Callable[[Document], bool], mask: Any = None
    ) -> Corpus:
        """A lazy view of the documents of this corpus for which ``keep(doc)`` is true.

        ``mask(frame)`` is the same test on a document table (a token store's
        ``docs``: id, source, date, year, title, meta), returning a boolean
        array; with it, views answer ``len``/``ids`` and token stores select
        their rows without reading the texts. ``description`` is shown in
        ``repr`` and ``info()["filters"]``.
        """
        return Corpus(
            self._factory,
            name=self.name,
            origin=self.origin,
            sources=self.sources,
            dataset=self.dataset,
            _filters=self._filters + (Filter(description, keep, mask),),
            _base=self.base,
        )

    @property
    def filters(self) -> tuple[Filter, ...]:
        """The criteria of this view, in the order they were applied."""
        return self._filters

    def read_all(self, stats: ReadStats) -> Iterator[Document]:
        """Every document of the unfiltered data, in reader order, counting into ``stats``.

        One reader pass, without this view's filters: what a token store is built from.
        """
        return self._factory(stats)

    def record_pass(self, *, fingerprint: str, stats: ReadStats) -> None:
        """Keep what a complete pass over the unfiltered data found (fingerprint, reader counts).

        Called by whoever read every document once (the token store build), so that
        ``fingerprint``, ``stats`` and ``len`` need no further pass.
        """
        self._fingerprint = fingerprint
        self._stats = stats
        self._len = stats.kept

    @property
    def known_fingerprint(self) -> str | None:
        """The fingerprint if it is known without reading the texts (kept, or memoised on disk)."""
        if self._fingerprint is None and not self._filters:
            memo = fingerprint_memo(self.origin)
            if memo is not None and memo.exists():
                return self.fingerprint
        return self._fingerprint

    def filter(
        self,
        *,
        source: str | Iterable[str] | None = None,
        years: tuple[int | None, int | None] | None = None,
        dates: tuple[Any, Any] | None = None,
        ids: Iterable[str] | None = None,
        where: Callable[[Document], bool] | None = None,
    ) -> Corpus:
        """Return a lazy corpus of the documents that match every criterion.

        Parameters
        ----------
        source : str or iterable of str, optional
            Keep these sources. Unknown names raise, listing known sources.
        years : (int or None, int or None), optional
            Inclusive range of years; ``None`` leaves that end open.
        dates : (date-like, date-like), optional
            Inclusive range of dates (strings are parsed).
        ids : iterable of str, optional
            Keep documents with these ids.
        where : callable, optional
            ``where(doc) -> bool``.
        """
        out = self
        if source is not None:
            wanted = {source} if isinstance(source, str) else set(source)
            if not wanted:
                raise ParameterError("source= is empty; give at least one source name")
            have = set(self.source_counts())
            missing = wanted - have
            if missing:
                raise ParameterError(
                    f"source {known(missing)} is not in this corpus; known sources: {known(have)}"
                )
            out = out.derive(
                f"source in {sorted(wanted)}",
                lambda d, w=frozenset(wanted): d.source in w,
                lambda f, w=sorted(wanted): f["source"].isin(w).to_numpy(),
            )
        if years is not None:
            lo, hi = _range_pair("years", years)
            out = out.derive(
                f"years {lo}–{hi}",
                lambda d, lo=lo, hi=hi: (
                    d.date is not None
                    and (lo is None or d.date.year >= lo)
                    and (hi is None or d.date.year <= hi)
                ),
                lambda f, lo=lo, hi=hi: (
                    f["year"].notna()
                    & (f["year"] >= (lo if lo is not None else -9999))
                    & (f["year"] <= (hi if hi is not None else 9999))
                ).to_numpy(dtype=bool, na_value=False),
            )
        if dates is not None:
            a, b = _range_pair("dates", dates)
            a = parse_date(a)[0] if a is not None else None
            b = parse_date(b)[0] if b is not None else None
            out = out.derive(
                f"dates {a}–{b}",
                lambda d, a=a, b=b: (
                    d.date is not None and (a is None or d.date >= a) and (b is None or d.date <= b)
                ),
                lambda f, a=a, b=b: np.array(
                    [
                        x is not None and x == x and (a is None or x >= a) and (b is None or x <= b)
                        for x in f["date"]
                    ],
                    dtype=bool,
                ),
            )
        if ids is not None:
            idset = frozenset(ids)
            out = out.derive(
                f"{len(idset)} ids",
                lambda d, s=idset: d.id in s,
                lambda f, s=sorted(idset): f["id"].isin(s).to_numpy(),
            )
        if where is not None:
            if not callable(where):
                raise ParameterError(f"where= must be callable, got {type(where).__name__}")
            out = out.derive(getattr(where, "__name__", "where"), where)
        return out

    def group_by(
        self, key: str | Mapping[str, str] | Callable[[Document], Any]
    ) -> dict[Any, Corpus]:
        """Split into lazy sub-corpora, one per group, in sorted group order.

        ``key`` is ``"source"``, ``"year"``, ``"decade"``, a ``meta`` key, a
        mapping source → group (sources missing from it are left out), or a
        callable ``doc -> group``.
        """
        fn = _grouping.doc_key(key)
        groups = sorted({g for g in map(fn, self) if g is not None}, key=_grouping.sort_key)
        by_table = not (callable(key) and not isinstance(key, str))

        def mask(g: Any) -> Any:
            if not by_table:
                return None
            return lambda f: np.array(
                [lab == g for lab in _grouping.frame_labels(f, key)], dtype=bool
            )

        return {
            g: self.derive(f"group {g!r} of {key!r}", lambda d, g=g: fn(d) == g, mask(g))
            for g in groups
        }

    def sample(self, n: int, *, seed: int = 0) -> Corpus:
        """A lazy random sample of ``n`` documents (without replacement)."""
        if not isinstance(n, (int, np.integer)) or n < 0:
            raise ParameterError(f"n must be a non-negative integer, got {n!r}")
        ids = self.ids
        if n > len(ids):
            raise ParameterError(f"n={n} exceeds the corpus size ({len(ids)} documents)")
        rng = np.random.default_rng(seed)
        chosen = {ids[i] for i in rng.choice(len(ids), size=n, replace=False)}
        return self.derive(
            f"sample n={n} seed={seed}",
            lambda d, s=frozenset(chosen): d.id in s,
            lambda f, s=sorted(chosen): f["id"].isin(s).to_numpy(),
        )

    # -- summaries ---------------------------------------------------------
    @property
    def ids(self) -> list[str]:
        """Document ids in corpus order."""
        if self._ids is None:
            frame = self._cached_doc_frame()
            self._ids = frame["id"].tolist() if frame is not None else [d.id for d in self]
        return self._ids

    def source_counts(self) -> dict[str, int]:
        """Number of documents per source, sorted by source."""
        frame = self._cached_doc_frame()
        if frame is not None:
            return {str(k): int(v) for k, v in sorted(frame["source"].value_counts().items())}
        counts = Counter(d.source for d in self)
        return dict(sorted(counts.items()))

    def to_frame(self) -> pd.DataFrame:
        """Metadata without text: ``id, source, date, year, title, n_chars`` + meta keys."""
        rows = []
        for d in self:
            row = {
                "id": d.id,
                "source": d.source,
                "date": d.date,
                "year": d.year,
                "title": d.title,
                "n_chars": len(d.text),
            }
            for k, v in d.meta.items():
                row.setdefault(k, v)
            rows.append(row)
        cols = ["id", "source", "date", "year", "title", "n_chars"]
        import pandas as pd

        return pd.DataFrame(rows, columns=None if rows else cols)

    @property
    def fingerprint(self) -> str:
        """Stable hash of texts and metadata (same data → same value on any machine)."""
        if self._fingerprint is None:
            if self._filters:
                self._fingerprint = stable_hash({"base": self.base.fingerprint, "ids": self.ids})
            else:
                self._fingerprint = remember_fingerprint(self)
        return self._fingerprint

    def compute_fingerprint(self) -> str:
        """Hash every document's id, text, source, date, title and meta (one pass)."""
        h = hashlib.blake2b(digest_size=16)
        for d in self:
            doc_hash_update(h, d)
        return h.hexdigest()

    def summary(self, *, tokenizer: Any = None) -> pd.DataFrame:
        """Per source: ``source, name, documents, tokens, first, last`` (tokens from the cache).

        ``attrs["date_precision"]`` says what the dates stand for
        (:func:`date_precision`); :func:`shown_date` shows them so.
        """
        return index.get().summary(self, tokenizer=tokenizer)

    def info(self, *, tokenizer: Any = None) -> dict:
        """Everything ``discourse corpus info`` prints, as a JSON-ready dict."""
        per = self.summary(tokenizer=tokenizer)
        dates = [
            d for d in per["first"].tolist() + per["last"].tolist() if d is not None and d == d
        ]
        st = self.stats
        return {
            "name": self.name,
            "documents": int(per["documents"].sum()) if len(per) else 0,
            "tokens": int(per["tokens"].sum()) if len(per) else 0,
            "sources": len(per),
            "first_date": min(dates).isoformat() if dates else None,
            "last_date": max(dates).isoformat() if dates else None,
            "date_precision": per.attrs.get("date_precision", "day"),
            "fingerprint": self.fingerprint,
            "reader": st.as_dict(),
            "filters": [f.description for f in self._filters],
            "dataset": self.dataset,
            "per_source": [
                {
                    "source": r.source,
                    "name": r.name,
                    "documents": int(r.documents),
                    "tokens": int(r.tokens),
                    "first": r.first.isoformat()
                    if r.first is not None and r.first == r.first
                    else None,
                    "last": r.last.isoformat() if r.last is not None and r.last == r.last else None,
                }
                for r in per.itertuples()
            ],
        }

    def _repr_html_(self) -> str:
        info = self.info()
        e = html.escape
        p = info["date_precision"]
        rows = "".join(
            f"<tr><td>{e(str(r['source']))}</td><td>{e(str(r['name']))}</td>"
            f"<td>{r['documents']:,}</td><td>{r['tokens']:,}</td>"
            f"<td>{e(shown_date(r['first'], p))}</td><td>{e(shown_date(r['last'], p))}</td></tr>"
            for r in info["per_source"][:30]
        )
        more = len(info["per_source"]) - 30
        more_row = f"<tr><td colspan=6>… and {more} more sources</td></tr>" if more > 0 else ""
        skipped = info["reader"]["skipped"]
        skip_txt = ", ".join(f"{e(k)}: {v}" for k, v in skipped.items()) or "none"
        return (
            f"<div><b>Corpus {e(self.name)}</b>: {info['documents']:,} documents, "
            f"{info['tokens']:,} tokens, {info['sources']} sources, "
            f"{e(shown_span(info))}; skipped: {skip_txt}"
            "<table><thead><tr><th>source</th><th>name</th><th>documents</th><th>tokens</th>"
            f"<th>first</th><th>last</th></tr></thead><tbody>{rows}{more_row}</tbody></table></div>"
        )


def _range_pair(name: str, value: Any) -> tuple[Any, Any]:
    if isinstance(value, (int, np.integer)):
        return int(value), int(value)
    try:
        lo, hi = value
    except (TypeError, ValueError):
        raise ParameterError(f"{name}= must be a pair (start, end), got {value!r}") from None
    if lo is not None and hi is not None and lo > hi:
        raise ParameterError(f"{name}=({lo!r}, {hi!r}): start is after end")
    return lo, hi


def display_name(corpus: Corpus | None, source: str) -> str:
    """The display name of a source from the corpus's source table (or the code)."""
    table = getattr(corpus, "sources", None)
    if table is None:
        return source
    return table.name(source)


def check_document_fields(where: str, doc_id: Any, text: Any) -> None:
    if not isinstance(text, str):
        raise ReaderError(f"{where}: text is {type(text).__name__}, expected a string")
