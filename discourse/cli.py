"""The ``discourse`` command line.

::

    discourse corpus info PATH|ungdc [--json] [--text F --source F --date F --id F --title F]
    discourse corpus fetch ungdc [--dest DIR] [--mirror DIR] [--server URL]
    discourse cache list | clear [KIND]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .errors import DiscourseError


def add_corpus_options(p: argparse.ArgumentParser) -> None:
    """Options that say how to read a corpus (shared by every command that takes one)."""
    p.add_argument("--text", default="text", help="field holding the text (default: text)")
    p.add_argument("--source", default="source", help="field holding the source (default: source)")
    p.add_argument("--date", default="date", help="field holding the date (default: date)")
    p.add_argument("--id", dest="id_field", default="id", help="field holding the id (default: id)")
    p.add_argument("--title", default="title", help="field holding the title (default: title)")
    p.add_argument("--encoding", default="utf-8", help="text encoding (e.g. cp1252)")
    p.add_argument("--errors", default="strict", choices=["strict", "replace"])
    p.add_argument("--default-source", default=None, help="source for records without one")
    p.add_argument("--default-date", default=None, help="date for records without one")
    p.add_argument("--dedupe", action="store_true", help="drop exact-duplicate texts")
    p.add_argument("--pattern", default=None, help="folder of .txt: file-name pattern")
    p.add_argument("--label", default=None, help="folder of .txt: one source label for all files")
    p.add_argument(
        "--sidecar", default=None, help="folder of .txt: metadata CSV keyed by file name"
    )
    p.add_argument("--mirror", default=None, help="local folder holding the UNGDC archive")


def load_corpus(spec: str, args: argparse.Namespace):
    """``ungdc`` → the UN General Debate Corpus; anything else → ``discourse.read(path)``."""
    if spec == "ungdc":
        from .datasets import ungdc

        return ungdc.load(mirror=getattr(args, "mirror", None))
    from pathlib import Path

    from .readers import read

    options = {"encoding": args.encoding, "errors": args.errors}
    if Path(spec).is_dir() or spec.lower().endswith((".txt", ".txt.gz")):
        for key in ("pattern", "sidecar"):
            if getattr(args, key, None):
                options[key] = getattr(args, key)
        if getattr(args, "label", None) or getattr(args, "default_source", None):
            options["source"] = args.label or args.default_source
    else:
        options.update(
            text=args.text, source=args.source, date=args.date, id=args.id_field, title=args.title
        )
        if getattr(args, "default_source", None):
            options["default_source"] = args.default_source
    if getattr(args, "default_date", None):
        options["default_date"] = args.default_date
    if getattr(args, "dedupe", False):
        options["dedupe"] = True
    return read(spec, **options)


def _cmd_info(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.corpus, args)
    info = corpus.info()
    if args.json:
        print(json.dumps(info, indent=1, default=str))
        return 0
    r = info["reader"]
    print(f"corpus       {info['name']}")
    print(f"documents    {info['documents']:,}")
    print(f"tokens       {info['tokens']:,}")
    print(f"sources      {info['sources']:,}")
    print(f"dates        {info['first_date']} – {info['last_date']}")
    print(f"fingerprint  {info['fingerprint']}")
    skipped = ", ".join(f"{k}: {v}" for k, v in r["skipped"].items()) or "none"
    print(
        f"read         {r['read']:,} = kept {r['kept']:,} + skipped {sum(r['skipped'].values()):,} ({skipped})"
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
            f"{s['first']} – {s['last']}"
        )
    return 0


def _cmd_fetch(args: argparse.Namespace) -> int:
    if args.dataset != "ungdc":
        print(f"unknown dataset {args.dataset!r}; available: 'ungdc'", file=sys.stderr)
        return 2
    from .datasets.fetch import fetch_ungdc

    kw = {"dest": args.dest, "mirror": args.mirror}
    if args.server:
        kw["server"] = args.server
    folder = fetch_ungdc(**kw)
    print(f"UNGDC ready in {folder}")
    return 0


def _cmd_cache(args: argparse.Namespace) -> int:
    from . import cache

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
    info.add_argument("corpus", help="'ungdc' or a path (JSONL, CSV, Parquet, folder of .txt)")
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

    _add_report(sub)
    return parser


def _add_report(sub) -> None:
    """The ``report`` command, when the report module is present."""
    try:
        from .report import add_report_command
    except ImportError:
        return
    add_report_command(sub)


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


if __name__ == "__main__":
    raise SystemExit(main())
