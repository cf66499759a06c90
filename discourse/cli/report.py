"""``discourse report``: the report's command line (the library is :mod:`discourse.report`)."""

from __future__ import annotations

import argparse
import sys

from ..errors import ReportError
from ..report import parse_set, parse_sources, parse_years, render_report
from .options import add_corpus_options, reader_options


def add_report_command(subparsers) -> argparse.ArgumentParser:
    """Add ``discourse report`` to the CLI's subparsers."""
    p = subparsers.add_parser(
        "report",
        help="render the analysis notebooks into a self-contained HTML report",
        description="Execute the notebooks in notebooks/ and render an offline HTML report.",
    )
    p.add_argument("--corpus", default="ungdc", help="'ungdc' (default) or a path")
    p.add_argument(
        "--sources",
        default=None,
        help="focus sources, comma-separated (default: CHN,SYR,RUS,USA,IRN,GBR,FRA for ungdc)",
    )
    p.add_argument("--years", default=None, help="START-END (default: 1990-2023 for ungdc)")
    p.add_argument("--lexicon", default=None, help="frame lexicon (TOML)")
    p.add_argument("--seed", type=int, default=0, help="seed of every random step (default 0)")
    p.add_argument("--out", default="reports", help="report folder (default: reports)")
    p.add_argument("--hide-code", action="store_true", help="hide code cells (for readers)")
    p.add_argument("--only", default=None, help="comma-separated notebook names to run")
    p.add_argument(
        "--set",
        dest="set_params",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra notebook parameter (VALUE parsed as JSON); repeatable",
    )
    p.add_argument("--small", action="store_true", help="quick model sizes (for a first look)")
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="notebooks run at once, each in its own kernel (default: 2 with two cores, else 1)",
    )
    # --date none / --title none: read no dates / titles (the corpus options below)
    p.add_argument("--notebooks", default=None, help=argparse.SUPPRESS)
    add_corpus_options(p)
    p.set_defaults(func=_cmd_report)
    return p


def _cmd_report(args: argparse.Namespace) -> int:
    options = {} if args.corpus == "ungdc" else reader_options(args.corpus, args)
    for field in ("date", "title"):  # --date none: the records have no date field
        if str(getattr(args, field, "") or "").lower() == "none":
            options[field] = None
    try:
        render_report(
            corpus=args.corpus,
            sources=parse_sources(args.sources),
            years=parse_years(args.years),
            lexicon=args.lexicon,
            seed=args.seed,
            out=args.out,
            hide_code=args.hide_code,
            mirror=args.mirror,
            only=parse_sources(args.only),
            params=parse_set(args.set_params),
            small=args.small,
            reader_options=options,
            notebooks=args.notebooks,
            progress=True,
            jobs=args.jobs,
        )
    except ReportError as exc:
        print(f"discourse report: error: {exc}", file=sys.stderr)
        return 1
    return 0
