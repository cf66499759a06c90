"""Analyses on the token store that return tidy DataFrames.

=========================  ==================================================
``lexicon.py``             frame lexicons (TOML): terms, phrases, globs
``matching.py``            lexicon terms matched on the token store
``framing.py``             term and frame rates with intervals, trends,
                           rate differences
``concordance.py``         KWIC, collocates, dispersion
``keyness.py``             distinctive words: G², χ², log ratio, log-odds
=========================  ==================================================

Shared statistics (document bootstrap, Benjamini–Hochberg) are in
:mod:`discourse.stats`; ``by=`` is read by :mod:`discourse._grouping`.
"""

from __future__ import annotations

from .concordance import Concordance, collocates, compare_collocates, dispersion, kwic
from .framing import frame_rates, rate_differences, term_rates, trends
from .keyness import keyness, log_odds
from .lexicon import Lexicon, load_lexicon

__all__ = [
    "Concordance",
    "Lexicon",
    "collocates",
    "compare_collocates",
    "dispersion",
    "frame_rates",
    "keyness",
    "kwic",
    "load_lexicon",
    "log_odds",
    "rate_differences",
    "term_rates",
    "trends",
]
