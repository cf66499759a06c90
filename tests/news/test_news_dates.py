"""parse_news_date: every printed form the readers meet."""

from __future__ import annotations

import datetime as dt

import pytest

from discourse.corpus.news import parse_news_date
from discourse.errors import ParameterError

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("value", "date", "stamp", "precision"),
    [
        ("2022-07-31T13:18:51.000Z", "2022-07-31", "2022-07-31T13:18:51+00:00", "second"),
        ("2022-07-31T21:18:51+08:00", "2022-07-31", "2022-07-31T21:18:51+08:00", "second"),
        ("Tue, 12 Jul 2022 20:43:00 +0000", "2022-07-12", "2022-07-12T20:43:00+00:00", "second"),
        ("Updated: 2022-03-07 17:49", "2022-03-07", "2022-03-07T17:49:00", "minute"),
        ("Published: Jul 13, 2022 08:43 PM", "2022-07-13", "2022-07-13T20:43:00", "minute"),
        ("23:17, 13-Jun-2022", "2022-06-13", "2022-06-13T23:17:00", "minute"),
        ("13 June 2022", "2022-06-13", None, "day"),
        ("June 13, 2022", "2022-06-13", None, "day"),
        ("Posted on Sept. 3, 2022", "2022-09-03", None, "day"),
        ("Last updated: 2022-03-07", "2022-03-07", None, "day"),
        ("PUBLISHED : 13 Jun 2022", "2022-06-13", None, "day"),
    ],
)
def test_lenient_forms(value, date, stamp, precision):
    d, ts, prec = parse_news_date(value)
    assert d.isoformat() == date and prec == precision
    assert (ts.isoformat() if ts else None) == stamp


def test_explicit_formats_are_tried_in_order():
    assert parse_news_date("13/06/2022", ["%m/%d/%Y", "%d/%m/%Y"])[0] == dt.date(2022, 6, 13)
    assert parse_news_date("Published: 13.06.2022", "%d.%m.%Y")[0] == dt.date(2022, 6, 13)
    with pytest.raises(ValueError, match="13 June 2022"):
        parse_news_date("13 June 2022", "%Y-%m-%d")


def test_unreadable_and_bad_patterns():
    with pytest.raises(ValueError, match="yesterday"):
        parse_news_date("yesterday")
    with pytest.raises(ParameterError, match="strptime"):
        parse_news_date("2022-01-01", "YYYY-MM-DD")
