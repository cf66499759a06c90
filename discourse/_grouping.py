"""``by=``: one reading of a grouping key for every analysis.

Every analysis that compares groups takes ``by=`` in the same forms:

==============================  ==============================================
``"source"``                    each source is a group
``"year"``, ``"decade"``        from the document's date (no date: no group)
``"date"``                      the date itself
any other string                a ``meta`` field (no document has it: error)
a mapping ``source → group``    sources missing from it are in no group
a list of the above             one group per combination (a tuple); a
                                document missing any part is in no group
a function ``doc → group``      read from the documents themselves
==============================  ==============================================

A label of ``None`` (or NaN) means "in no group": such documents are left
out of every group, never counted in a group of their own. Groups are
sorted with :func:`sort_key` (numbers before strings, tuples part by
part), so every analysis lists them in the same order.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import ParameterError

if TYPE_CHECKING:  # the tables come from callers that imported pandas
    import pandas as pd

FORMS = (
    "use 'source', 'year', 'decade', a meta key, a mapping source → group, "
    "a list of these, or a function doc → group"
)


def is_function(by: Any) -> bool:
    """True for ``by=`` given as a function of the document."""
    return callable(by) and not isinstance(by, (str, Mapping))


def is_mapping(by: Any) -> bool:
    return isinstance(by, Mapping) or (hasattr(by, "keys") and hasattr(by, "get"))


def keys(by: Any) -> list:
    """The parts of ``by=``: the list itself, or ``[by]``; refuses what is not a form."""
    parts = list(by) if isinstance(by, (list, tuple)) else [by]
    if not parts:
        raise ParameterError(f"by={by!r} is an empty list; {FORMS}")
    for b in parts:
        if not (isinstance(b, str) or is_mapping(b) or is_function(b)):
            raise ParameterError(f"by={b!r} is not understood; {FORMS}")
    if isinstance(by, (list, tuple)):
        if any(isinstance(b, (list, tuple)) for b in parts):
            raise ParameterError(f"by={by!r}: a list of keys cannot hold another list")
        named = [b for b in parts if isinstance(b, str)]
        if len(set(named)) < len(named):
            raise ParameterError(f"by={by!r} repeats a key")
    return parts


def columns(by: Any) -> list[str]:
    """Result column names for ``by=``: each key's own name, ``group`` for a mapping or function."""
    parts = keys(by)
    out = [b if isinstance(b, str) else "group" for b in parts]
    if len(set(out)) < len(out):
        raise ParameterError(f"by={by!r}: two parts would both be called 'group'; name them")
    return out


def sort_key(v: Any) -> tuple:
    """Sort key for group labels: numbers in order, then strings; tuples part by part."""
    if isinstance(v, tuple):
        return tuple(sort_key(x) for x in v)
    return (0, v, "") if isinstance(v, (int, float, np.integer)) else (1, 0, str(v))


def label_mask(labels: Iterable[Any]) -> np.ndarray:
    """True where a label names a group (not None, not NaN)."""
    return np.array([lab is not None and lab == lab for lab in labels], dtype=bool)


def index_groups(labels: np.ndarray) -> tuple[list, np.ndarray, np.ndarray]:
    """``(groups, group index per kept row, kept mask)``, groups in :func:`sort_key` order."""
    labels = np.asarray(labels, dtype=object)
    keep = label_mask(labels)
    groups = sorted(set(labels[keep].tolist()), key=sort_key)
    index = {g: i for i, g in enumerate(groups)}
    gi = np.fromiter((index[lab] for lab in labels[keep]), dtype=np.int64, count=int(keep.sum()))
    return groups, gi, keep


def doc_key(by: Any) -> Callable[[Any], Any]:
    """``by=`` (one key, not a list) as a function ``doc -> label``."""
    if is_function(by):
        return by
    if is_mapping(by):
        m = dict(by)
        return lambda d: m.get(d.source)
    if by == "source":
        return lambda d: d.source
    if by == "year":
        return lambda d: d.date.year if d.date else None
    if by == "decade":
        return lambda d: (d.date.year // 10) * 10 if d.date else None
    if by == "date":
        return lambda d: d.date
    if isinstance(by, str):
        return lambda d: d.meta.get(by)
    raise ParameterError(f"by={by!r} is not understood; {FORMS}")


def frame_labels(frame: pd.DataFrame, by: Any) -> np.ndarray:
    """Labels from a document table (id, source, date, year, meta as JSON) for a key that needs no text."""
    import pandas as pd

    if is_mapping(by):
        m = dict(by)
        return _objects([m.get(s) for s in frame["source"]])
    if by == "source":
        return frame["source"].to_numpy(dtype=object)
    if by == "year":
        return np.array([None if pd.isna(y) else int(y) for y in frame["year"]], dtype=object)
    if by == "decade":
        return np.array(
            [None if pd.isna(y) else int(y) // 10 * 10 for y in frame["year"]], dtype=object
        )
    if by == "date":
        return frame["date"].to_numpy(dtype=object)
    if isinstance(by, str):
        vals = [json.loads(m).get(by) if m else None for m in frame["meta"]]
        if all(v is None for v in vals) and len(vals):
            raise ParameterError(f"by={by!r}: no document has this field; {FORMS}")
        return np.array(vals, dtype=object)
    raise ParameterError(f"by={by!r} is not understood; {FORMS}")


def _objects(values: list) -> np.ndarray:
    """A 1-D object array of ``values``, even when they are tuples (numpy would make 2-D)."""
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = v
    return out


def labels(frame: pd.DataFrame, by: Any, documents: Iterable[Any] | None = None) -> np.ndarray:
    """The label of each row of a document table for any form of ``by=``.

    ``documents`` (an iterable of :class:`~discourse.Document`, such as the
    corpus) is read only when a part of ``by`` is a function; rows are
    matched to documents by ``id``. A list gives a tuple per row, or None
    where any part is missing.
    """
    parts = keys(by)
    per_part = []
    for b in parts:
        if is_function(b):
            if documents is None:
                raise ParameterError("by= as a function needs the documents (pass the corpus)")
            wanted = set(frame["id"])
            lab = {d.id: b(d) for d in documents if d.id in wanted}
            per_part.append(_objects([lab.get(i) for i in frame["id"]]))
        else:
            per_part.append(frame_labels(frame, b))
    if not isinstance(by, (list, tuple)):
        return per_part[0]
    out = np.empty(len(frame), dtype=object)
    for i, vals in enumerate(zip(*per_part, strict=True)):
        out[i] = None if any(v is None or v != v for v in vals) else tuple(vals)
    return out


def parts(label: Any, by: Any) -> tuple:
    """A group label as a tuple with one value per column of :func:`columns`."""
    return tuple(label) if isinstance(by, (list, tuple)) else (label,)


def column_values(groups: Iterable[Any], by: Any) -> dict[str, list]:
    """Group labels spread over the result columns: ``{column: [value per label]}``."""
    cols = columns(by)
    split = [parts(g, by) for g in groups]
    return {col: [p[c] for p in split] for c, col in enumerate(cols)}


def one_label(value: Any, by: Any) -> bool:
    """True when ``value`` names one group of ``by`` (a tuple for a list of keys), not several."""
    if isinstance(by, (list, tuple)):
        return isinstance(value, tuple)
    pd = sys.modules.get("pandas")  # no value is a pandas Index before pandas is imported
    several = (list, tuple, set, frozenset, np.ndarray) + ((pd.Index,) if pd else ())
    return not isinstance(value, several)


def as_groups(value: Any, by: Any, name: str) -> list | None:
    """``target=``/``reference=`` as a list of group labels (None stays None).

    One label gives a one-item list; for ``by=`` as a list of keys one label
    is a tuple (``("CHN", 2020)``) and several are a list of tuples.
    """
    if value is None:
        return None
    if one_label(value, by):
        return [value]
    out = list(value)
    if not out:
        raise ParameterError(f"{name}= is an empty list; name at least one group")
    if isinstance(by, (list, tuple)):
        bad = [v for v in out if not isinstance(v, tuple)]
        if bad:
            raise ParameterError(
                f"{name}={value!r}: with by={by!r} a group is a tuple with one value per key, "
                f"such as {tuple(columns(by))!r}; got {bad[0]!r}"
            )
    return out
