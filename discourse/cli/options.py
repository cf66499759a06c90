"""Command-line options that say how to read a corpus, and what they mean for the reader.

:func:`add_corpus_options` adds them to a command; :func:`reader_options` maps
them, once, to the keyword options of :func:`discourse.read` for one input
(a field file, a folder of ``.txt``, HTML pages or WARC archives), keeping only
what the user gave, so each reader's own defaults apply to the rest.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..corpus.readers import input_kind, read
from ..datasets import ungdc
from ..errors import ParameterError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["READER_DEFAULTS", "add_corpus_options", "load_corpus", "load_outlets", "reader_options"]


def add_corpus_options(p: argparse.ArgumentParser) -> None:
    """Options that say how to read a corpus (shared by every command that takes one)."""
    g = p.add_argument_group("reading the corpus")
    g.add_argument("--text", default=None, help="field holding the text (default: text)")
    g.add_argument("--source", default=None, help="field holding the source (default: source)")
    g.add_argument(
        "--date", default=None, help="field holding the date (default: date, if the file has it)"
    )
    g.add_argument(
        "--id", dest="id_field", default=None, help="field holding the id (default: id, if any)"
    )
    g.add_argument("--title", default=None, help="field holding the title (default: title, if any)")
    g.add_argument("--encoding", default="utf-8", help="text encoding (e.g. cp1252)")
    g.add_argument("--errors", default="strict", choices=["strict", "replace"])
    g.add_argument("--default-source", default=None, help="source for records without one")
    g.add_argument("--default-date", default=None, help="date for records without one")
    g.add_argument(
        "--date-format",
        dest="date_format",
        action="append",
        default=None,
        metavar="PATTERN",
        help="strptime pattern the dates are printed in (e.g. '%%d/%%m/%%Y'); repeatable, "
        "tried in order (default: ISO, RFC 2822 and common news forms)",
    )
    g.add_argument(
        "--bad-records",
        dest="bad_records",
        default=None,
        choices=["raise", "skip"],
        help="a bad record stops the read (raise, the default) or is skipped and counted",
    )
    g.add_argument(
        "--dedupe",
        nargs="?",
        const="exact",
        default=None,
        choices=["exact", "near"],
        help="drop duplicate texts: --dedupe alone drops exact copies, --dedupe near "
        "also wire copies with small edits (MinHash, Jaccard >= --threshold)",
    )
    g.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="Jaccard similarity for --dedupe near (default 0.7)",
    )
    g.add_argument(
        "--outlets",
        default=None,
        metavar="FILE",
        help="HTML/WARC: JSON or TOML mapping domain → outlet name",
    )
    g.add_argument(
        "--language",
        action="append",
        default=None,
        metavar="CODE",
        help="HTML/WARC: keep pages in this language (ISO 639-1; repeatable or comma-separated)",
    )
    g.add_argument("--pattern", default=None, help="folder of .txt: file-name pattern")
    g.add_argument("--label", default=None, help="folder of .txt: one source label for all files")
    g.add_argument(
        "--sidecar", default=None, help="folder of .txt: metadata CSV keyed by file name"
    )
    g.add_argument("--mirror", default=None, help="local folder holding the UNGDC archive")


#: What the readers use when an option is not given (``discourse.read``'s defaults).
READER_DEFAULTS = {"encoding": "utf-8", "errors": "strict"}


def load_outlets(path: str | Path) -> dict[str, str]:
    """The domain → outlet mapping in a JSON or TOML file (``{"reuters.com": "Reuters"}``).

    TOML: top-level ``"reuters.com" = "Reuters"`` pairs, or the same under an
    ``[outlets]`` table.
    """
    p = Path(path)
    try:
        raw = p.read_text("utf-8")
    except OSError as exc:
        raise ParameterError(f"--outlets {p}: cannot read ({exc.strerror or exc})") from None
    try:
        if p.suffix.lower() == ".toml":
            data: Any = tomllib.loads(raw)
        else:
            data = json.loads(raw)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        kind = "TOML" if p.suffix.lower() == ".toml" else "JSON"
        raise ParameterError(f"--outlets {p}: not valid {kind} ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("outlets"), dict):
        data = data["outlets"]
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ParameterError(
            f"--outlets {p}: expected a mapping of domain → outlet name, such as "
            '{"globaltimes.cn": "Global Times"}'
        )
    return dict(data)


def _languages(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [x.strip() for v in values for x in v.split(",") if x.strip()]


def reader_options(spec: str, args: argparse.Namespace) -> dict:
    """The reader options that the corpus options in ``args`` give for the corpus ``spec``.

    One mapping from command-line options to :func:`discourse.read` options,
    used by every command that reads a corpus (``corpus info``, ``report``).
    Only options the user gave are passed, so the mapping holds exactly what
    was asked for and each reader's defaults apply to the rest (a field not
    named, such as ``--date``, is optional; a named one must exist).
    """
    kind = input_kind(spec)
    opt = lambda name: getattr(args, name, None)  # noqa: E731
    options: dict[str, Any] = {}
    if kind in ("html", "warc"):
        if opt("outlets"):
            options["outlets"] = load_outlets(args.outlets)
        if _languages(opt("language")):
            langs = _languages(args.language)
            options["language"] = langs[0] if len(langs) == 1 else langs
        for key in ("pattern", "sidecar"):  # refused by the news readers, with a message
            if opt(key):
                options[key] = opt(key)
    else:
        options.update(encoding=args.encoding, errors=args.errors)
        for key in ("outlets", "language"):
            if opt(key):
                raise ParameterError(
                    f"--{key} applies to HTML pages and WARC archives; {spec} is not one"
                )
    if kind in ("text", "txt"):
        for key in ("pattern", "sidecar"):
            if opt(key):
                options[key] = opt(key)
        if opt("label") or opt("default_source"):
            options["source"] = opt("label") or opt("default_source")
    elif kind not in ("html", "warc"):
        for key, attr in (
            ("text", "text"), ("source", "source"), ("date", "date"), ("id", "id_field"),
            ("title", "title"),
        ):  # fmt: skip
            if opt(attr) is not None:
                options[key] = opt(attr)
        if opt("default_source"):
            options["default_source"] = args.default_source
    if kind in ("html", "warc"):
        for key, attr in (("text", "text"), ("source", "source"), ("date", "date")):
            if opt(attr) is not None:  # the news readers say why they take no field names
                options[key] = opt(attr)
    if opt("default_date"):
        options["default_date"] = args.default_date
    if opt("dedupe"):
        options["dedupe"] = True if args.dedupe == "exact" else "near"
    if opt("threshold") is not None:
        if options.get("dedupe") != "near":
            raise ParameterError("--threshold is the Jaccard similarity of --dedupe near; add it")
        options["threshold"] = args.threshold
    if opt("date_format"):
        fmts = list(args.date_format)
        options["date_format"] = fmts[0] if len(fmts) == 1 else fmts
    if opt("bad_records"):
        options["bad_records"] = args.bad_records
    return {k: v for k, v in options.items() if READER_DEFAULTS.get(k, object()) != v}


def load_corpus(spec: str, args: argparse.Namespace):
    """``ungdc`` → the UN General Debate Corpus; anything else → ``discourse.read(path)``."""
    if spec == "ungdc":
        return ungdc.load(mirror=getattr(args, "mirror", None))
    return read(spec, **reader_options(spec, args))
