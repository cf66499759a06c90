"""Analyses on the token store that return tidy DataFrames.

=========================  ==================================================
``lexicon.py``             frame lexicons (TOML): terms, phrases, globs
``matching.py``            lexicon terms matched on the token store
``framing.py``             term and frame rates with intervals, trends,
                           rate differences
``concordance.py``         KWIC, collocates, dispersion
``keyness.py``             distinctive words: G², χ², log ratio, log-odds
``targets.py``             targets (who is talked about) and their contexts
                           (``around=`` in rates, keyness, KWIC)
=========================  ==================================================

Shared statistics (document bootstrap, Benjamini–Hochberg) are in
:mod:`discourse.stats`; ``by=`` is read by :mod:`discourse._grouping`.

One vocabulary across them: ``by=`` takes a key, a list of keys, a
mapping source → group or a function document → group in every analysis,
and the result's group columns are named after it; two groups compared
are ``target=`` / ``reference=``; how many rows is ``n=``; bootstraps
default to ``n_boot=500``; a p-value column is ``p``; ``client=`` builds a
missing token store on a Dask cluster. Old spellings (``top=``,
``sources=``, ``a=``/``b=``) still work for one release and warn.
"""

from __future__ import annotations

from .concordance import Concordance, collocates, compare_collocates, dispersion, kwic
from .framing import frame_rates, mentions, rate_differences, term_rates, trends
from .keyness import keyness, log_odds
from .lexicon import Lexicon, load_lexicon
from .targets import TargetContexts, load_targets

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
    "load_targets",
    "mentions",
    "TargetContexts",
    "log_odds",
    "rate_differences",
    "term_rates",
    "trends",
]
