"""The ``discourse`` command line.

::

    discourse corpus info PATH|ungdc [--json] [--text F --source F --date F --id F --title F]
                          [--date-format PATTERN ...] [--bad-records skip] [--dedupe [near]]
                          [--threshold J] [--outlets FILE] [--language CODE]
    discourse corpus fetch ungdc [--dest DIR] [--mirror DIR] [--server URL]
    discourse cache list | clear [KIND]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .. import cache
from ..corpus import shown_date, shown_span
from ..datasets.fetch import fetch_ungdc
from ..errors import DiscourseError, ParameterError
from .options import add_corpus_options, load_corpus, reader_options
from .report import add_report_command

__all__ = ["add_corpus_options", "build_parser", "load_corpus", "main", "reader_options"]


def _duplicate_summary(corpus) -> dict | None:
    """Clusters and dropped copies, when the corpus was read with ``dedupe=``."""
    try:
        table = corpus.duplicates()
    except ParameterError:
        return None
    return {
        "clusters": int(table["story"].nunique()),
        "copies": int((~table["kept"]).sum()),
    }


def _cmd_info(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.corpus, args)
    info = corpus.info()
    dups = _duplicate_summary(corpus) if getattr(args, "dedupe", None) else None
    if dups is not None:
        info["duplicates"] = dups
    if args.json:
        print(json.dumps(info, indent=1, default=str))
        return 0
    r = info["reader"]
    print(f"corpus       {info['name']}")
    print(f"documents    {info['documents']:,}")
    print(f"tokens       {info['tokens']:,}")
    print(f"sources      {info['sources']:,}")
    p = info["date_precision"]
    print(f"dates        {shown_span(info)}")
    print(f"fingerprint  {info['fingerprint']}")
    skipped = ", ".join(f"{k}: {v}" for k, v in r["skipped"].items()) or "none"
    print(
        f"read         {r['read']:,} = kept {r['kept']:,} + skipped {sum(r['skipped'].values()):,} ({skipped})"
    )
    for reason, n in r["skipped"].items():
        examples = r.get("skipped_examples", {}).get(reason, [])
        shown = ", ".join(examples[:3]) + (", …" if n > len(examples[:3]) else "")
        print(f"  skipped    {reason}: {n:,} (e.g. {shown})")
    for note, n in r.get("notes", {}).items():
        print(f"note         {note} ({n:,} documents)")
    if dups is not None:
        print(
            f"duplicates   {dups['clusters']:,} clusters, {dups['copies']:,} copies dropped "
            "(corpus.duplicates() lists them)"
        )
    if r.get("replacements"):
        print(f"replaced     {r['replacements']:,} undecodable bytes")
    if info.get("dataset"):
        for k, v in info["dataset"].items():
            print(f"dataset      {k}: {v}")
    print()
    print(f"{'source':<10} {'name':<32} {'documents':>10} {'tokens':>12}  first – last")
    for s in info["per_source"]:
        print(
            f"{s['source']:<10} {str(s['name'])[:32]:<32} {s['documents']:>10,} {s['tokens']:>12,}  "
            f"{shown_date(s['first'], p)} – {shown_date(s['last'], p)}"
        )
    return 0


def _cmd_fetch(args: argparse.Namespace) -> int:
    if args.dataset != "ungdc":
        print(f"unknown dataset {args.dataset!r}; available: 'ungdc'", file=sys.stderr)
        return 2
    kw = {"dest": args.dest, "mirror": args.mirror}
    if args.server:
        kw["server"] = args.server
    folder = fetch_ungdc(**kw)
    print(f"UNGDC ready in {folder}")
    return 0


def _cmd_cache(args: argparse.Namespace) -> int:
    if args.action == "list":
        entries = cache.list_entries()
        print(f"cache folder {cache.cache_dir()}")
        total = 0
        for e in entries:
            total += e["bytes"]
            desc = e["info"].get("description", "")
            print(f"{e['kind']:<12} {e['key'][:16]}  {e['bytes'] / 1e6:>9.1f} MB  {desc}")
        print(f"{len(entries)} entries, {total / 1e6:.1f} MB")
    else:
        n = cache.clear(args.kind)
        print(f"removed {n} cache entries from {cache.cache_dir()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="discourse", description="Comparative discourse analysis."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    corpus = sub.add_parser("corpus", help="inspect or fetch a corpus")
    csub = corpus.add_subparsers(dest="action", required=True)
    info = csub.add_parser("info", help="documents, tokens, sources and dates of a corpus")
    info.add_argument(
        "corpus",
        help="'ungdc' or a path (JSONL, CSV, Parquet, .warc/.warc.gz, .html, or a folder of "
        ".txt, .html or WARC files)",
    )
    info.add_argument("--json", action="store_true", help="print JSON")
    add_corpus_options(info)
    info.set_defaults(func=_cmd_info)
    fetch = csub.add_parser("fetch", help="download a dataset (Dataverse API)")
    fetch.add_argument("dataset", help="'ungdc'")
    fetch.add_argument("--dest", default=None, help="folder to put it in (default: the cache)")
    fetch.add_argument("--mirror", default=None, help="take it from this local folder instead")
    fetch.add_argument("--server", default=None, help="Dataverse server URL")
    fetch.set_defaults(func=_cmd_fetch)

    cache_p = sub.add_parser("cache", help="list or clear cached tokens and models")
    cache_p.add_argument("action", choices=["list", "clear"])
    cache_p.add_argument("kind", nargs="?", default=None, help="only this kind (tokens, topics, …)")
    cache_p.set_defaults(func=_cmd_cache)

    add_report_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DiscourseError as exc:
        print(f"discourse: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("discourse: interrupted", file=sys.stderr)
        return 130
