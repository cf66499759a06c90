"""Publication dates as news outlets print them.

:func:`parse_news_date` reads one date string and returns the date used for
analysis, the full timestamp when the string has a time (with its zone when
it names one) and how precise it was. The lenient default reads

- ISO 8601, with or without zone: ``2022-07-31T13:18:51.000Z``;
- RFC 2822, as in RSS feeds: ``Tue, 12 Jul 2022 20:43:00 +0000``;
- the forms outlets print in bylines: ``Updated: 2022-03-07 17:49``,
  ``Published: Jul 13, 2022 08:43 PM``, ``23:17, 13-Jun-2022``,
  ``13 June 2022``, ``June 13, 2022``.

Leading labels (``Published``, ``Updated``, ``Posted``, ``Last updated``, …)
are stripped first. With ``formats=`` (one :func:`time.strptime` pattern or
several, tried in order) only those patterns are used.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterable

from ...errors import ParameterError

__all__ = ["NEWS_FORMATS", "check_formats", "parse_news_date", "strip_label"]

#: Patterns of the lenient default, tried in order after ISO 8601 and RFC 2822.
NEWS_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M",
    "%b %d, %Y %I:%M %p",
    "%B %d, %Y %I:%M %p",
    "%b %d, %Y %H:%M",
    "%B %d, %Y %H:%M",
    "%H:%M, %d-%b-%Y",
    "%H:%M, %d %B %Y",
    "%H:%M, %d %b %Y",
    "%d %B %Y %H:%M",
    "%d %b %Y %H:%M",
    "%d %B %Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%Y/%m/%d",
    "%Y-%m-%d",
)

_LABEL_RE = re.compile(
    r"^\s*(?:(?:first|last)\s+)?(?:published|updated|posted|modified|date|released|on)"
    r"(?:\s+(?:on|at))?\s*[:\-–|]?\s*",
    re.IGNORECASE,
)
# trailing zone words that strptime cannot read and that carry no offset we trust
_TRAILING_RE = re.compile(r"\s*(?:\((?:[A-Za-z ]+)\)|\b(?:BJT|HKT|CST|GMT|UTC|ET|EST|EDT))\s*$")
_WEEKDAY_RE = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE
)
_ABBREV_DOT_RE = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.", re.I)
_SPACES_RE = re.compile(r"\s+")
_RFC2822_RE = re.compile(
    r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*"
    r"(?:[+-]\d{4}|GMT|UT|UTC|[A-Z]{3})$"
)


def strip_label(value: str) -> str:
    """``value`` without a leading label such as ``Published:`` or ``Last updated``."""
    text = _SPACES_RE.sub(" ", value).strip()
    stripped = _LABEL_RE.sub("", text, count=1)
    return stripped or text


def check_formats(date_format: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """``date_format=`` as a tuple of strptime patterns (None for the lenient default)."""
    if date_format is None:
        return None
    formats = (date_format,) if isinstance(date_format, str) else tuple(date_format)
    if not formats or not all(isinstance(f, str) and "%" in f for f in formats):
        raise ParameterError(
            f"date_format={date_format!r}: use a strptime pattern such as '%d %B %Y' "
            "or a list of them, tried in order (None reads ISO, RFC 2822 and common news forms)"
        )
    return formats


def _precision(fmt: str) -> str:
    if "%S" in fmt:
        return "second"
    if "%M" in fmt:
        return "minute"
    if "%d" in fmt:
        return "day"
    if "%m" in fmt or "%b" in fmt or "%B" in fmt:
        return "month"
    return "year"


def _result(stamp: dt.datetime, precision: str) -> tuple[dt.date, dt.datetime | None, str]:
    if precision in ("day", "month", "year"):
        return stamp.date(), None, precision
    return stamp.date(), stamp, precision


def _iso(text: str) -> tuple[dt.date, dt.datetime | None, str] | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        stamp = dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    if len(text) == 10:
        return stamp.date(), None, "day"
    body = text[11:]
    precision = "second" if re.match(r"^\d{2}:\d{2}:\d{2}", body) else "minute"
    return stamp.date(), stamp, precision


def _rfc2822(text: str) -> tuple[dt.date, dt.datetime | None, str] | None:
    if not _RFC2822_RE.match(text):
        return None
    try:
        stamp = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if stamp is None:
        return None
    return stamp.date(), stamp, "second"


# the lenient patterns that read earlier values, most recent first: an outlet prints all
# its dates one way, so these are tried first (strptime is slow and there are many
# patterns). The result is the same whichever order finds it: the patterns read
# disjoint forms.
_HITS: list[str] = []


def _strptime(
    text: str, formats: Iterable[str], *, remember: bool = False
) -> tuple[dt.date, dt.datetime | None, str] | None:
    order = [*_HITS, *(f for f in formats if f not in _HITS)] if remember else formats
    for fmt in order:
        found = _try(text, fmt)
        if found is not None:
            if remember and (not _HITS or _HITS[0] != fmt):
                _HITS[:] = [fmt, *(f for f in _HITS if f != fmt)]
            return found
    return None


def _try(text: str, fmt: str) -> tuple[dt.date, dt.datetime | None, str] | None:
    try:
        stamp = dt.datetime.strptime(text, fmt)
    except ValueError:
        return None
    return _result(stamp, _precision(fmt))


def parse_news_date(
    value: str | dt.date, formats: str | Iterable[str] | None = None
) -> tuple[dt.date, dt.datetime | None, str]:
    """Parse a publication date as an outlet prints it.

    Parameters
    ----------
    value : str or datetime.date
        The printed date, with or without a leading label.
    formats : str or sequence of str, optional
        strptime patterns tried in order, on the value as given and without
        its label; only these are used. Default: ISO 8601, RFC 2822, then
        :data:`NEWS_FORMATS`.

    Returns
    -------
    (date, timestamp, precision)
        ``date`` is the calendar date as printed (in the outlet's own zone);
        ``timestamp`` is a ``datetime`` (aware when the value names a zone)
        or None for a value without a time; ``precision`` is ``"second"``,
        ``"minute"``, ``"day"``, ``"month"`` or ``"year"``.

    Raises
    ------
    ValueError
        When no pattern reads the value (the message quotes it).

    Examples
    --------
    >>> parse_news_date("Published: Jul 13, 2022 08:43 PM")
    (datetime.date(2022, 7, 13), datetime.datetime(2022, 7, 13, 20, 43), 'minute')
    >>> parse_news_date("2022-07-31T13:18:51.000Z")[1].isoformat()
    '2022-07-31T13:18:51+00:00'
    >>> parse_news_date("13/06/2022", "%d/%m/%Y")
    (datetime.date(2022, 6, 13), None, 'day')
    """
    if isinstance(value, dt.datetime):
        return value.date(), value, "second"
    if isinstance(value, dt.date):
        return value, None, "day"
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not a string")
    raw = _SPACES_RE.sub(" ", value).strip()
    text = strip_label(raw)
    patterns = check_formats(formats)
    if patterns is not None:
        for candidate in dict.fromkeys((raw, text)):
            found = _strptime(candidate, patterns)
            if found is not None:
                return found
        raise ValueError(f"date {value!r} matches none of the formats {list(patterns)}")
    found = _iso(text) or _rfc2822(text)
    if found is not None:
        return found
    plain = _WEEKDAY_RE.sub("", _TRAILING_RE.sub("", text))
    plain = _ABBREV_DOT_RE.sub(lambda m: m.group(1)[:3], plain)
    plain = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", plain)
    found = _strptime(plain, NEWS_FORMATS, remember=True)
    if found is not None:
        return found
    raise ValueError(f"cannot read date {value!r} (give date_format= to say how it is printed)")
