"""Command-line options that say how to read a corpus, and what they mean for the reader."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..corpus.readers import read
from ..datasets import ungdc


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


#: What the readers use when an option is not given (``discourse.read``'s defaults).
READER_DEFAULTS = {
    "encoding": "utf-8",
    "errors": "strict",
    "text": "text",
    "source": "source",
    "date": "date",
    "id": "id",
    "title": "title",
}


def reader_options(spec: str, args: argparse.Namespace) -> dict:
    """The reader options that the corpus options in ``args`` give for the corpus ``spec``.

    One mapping from command-line options to :func:`discourse.read` options,
    used by every command that reads a corpus (``corpus info``, ``report``).
    Options left at the readers' own defaults are not repeated, so the
    mapping holds exactly what the user asked for.
    """
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
    return {k: v for k, v in options.items() if READER_DEFAULTS.get(k, object()) != v}


def load_corpus(spec: str, args: argparse.Namespace):
    """``ungdc`` → the UN General Debate Corpus; anything else → ``discourse.read(path)``."""
    if spec == "ungdc":
        return ungdc.load(mirror=getattr(args, "mirror", None))
    return read(spec, **reader_options(spec, args))
