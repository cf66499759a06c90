"""Metadata about sources: display names, regions and groups (blocs).

A :class:`SourceTable` maps a source code (``"USA"``, ``"bbc"``) to a
display name, a region and the groups it belongs to. Analyses use it for
labels (``table.name("USA")`` → ``"United States"``) and for grouping:
``table.grouping(["P5", "G77"])`` is a mapping source → group label that
can be passed as ``by=`` anywhere a grouping is accepted.

Tables are read from CSV (columns ``code, name, region, groups``, groups
separated by ``;``) or TOML::

    [sources.USA]
    name = "United States"
    region = "Northern America"
    groups = ["P5"]

    [groups.P5]
    description = "Permanent members of the UN Security Council"
    as_of = "2023"
    members = ["CHN", "FRA", "GBR", "RUS", "USA"]

:func:`default_table` loads the table shipped with the project for the UN
General Debate Corpus (``corpus/sources/countries.csv`` and
``corpus/sources/groups.toml``).
"""

from __future__ import annotations

import csv
import functools
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._config import data_folder
from ..errors import ParameterError, known

if TYPE_CHECKING:
    import pandas as pd

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["SourceTable", "default_table", "corpus_folder"]

#: Fields of a source entry (besides its code) and the allowed CSV columns.
FIELDS = ("name", "region", "groups")
_CSV_COLUMNS = ("code", *FIELDS)
_GROUP_KEYS = ("members", "description", "as_of")


class SourceTable:
    """Display names, regions and groups of sources.

    Parameters
    ----------
    sources : mapping, optional
        ``code -> {"name": str, "region": str, "groups": [str, ...]}``; every
        key is optional.
    groups : mapping, optional
        ``group -> [code, ...]`` or ``group -> {"members": [...],
        "description": str, "as_of": str}``. Codes named only here are
        added to the table without a name or region.

    Examples
    --------
    >>> from discourse import SourceTable
    >>> t = SourceTable({"USA": {"name": "United States", "region": "Americas"},
    ...                  "CHN": {"name": "China", "region": "Asia"},
    ...                  "BRA": {"name": "Brazil", "region": "Americas"}},
    ...                 groups={"P5": ["CHN", "USA"], "BRICS": ["BRA", "CHN"]})
    >>> t.name("USA"), t.name("XYZ")
    ('United States', 'XYZ')
    >>> t.members("P5")
    ('CHN', 'USA')
    >>> t.grouping(["P5", "BRICS"])
    {'BRA': 'BRICS', 'CHN': 'P5', 'USA': 'P5'}
    >>> t.grouping("region")
    {'BRA': 'Americas', 'CHN': 'Asia', 'USA': 'Americas'}
    """

    def __init__(
        self,
        sources: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        groups: Mapping[str, Any] | None = None,
        _where: str = "SourceTable",
    ):
        self._names: dict[str, str] = {}
        self._regions: dict[str, str] = {}
        self._groups: dict[str, set[str]] = {}  # code -> groups
        self._codes: set[str] = set()
        self._group_info: dict[str, dict[str, str]] = {}
        for code, entry in (sources or {}).items():
            self._add_source(code, entry, where=f"{_where}: source {code!r}")
        for group, spec in (groups or {}).items():
            self._add_group(group, spec, where=f"{_where}: group {group!r}")

    # -- construction --------------------------------------------------------
    def _add_source(self, code: Any, entry: Any, *, where: str) -> None:
        code = _check_code(code, where)
        if not isinstance(entry, Mapping):
            raise ParameterError(
                f"{where}: expected a table of name/region/groups, got {type(entry).__name__}"
            )
        unknown = set(entry) - set(FIELDS)
        if unknown:
            raise ParameterError(
                f"{where}: unknown key {known(unknown)}; allowed keys: {', '.join(FIELDS)}"
            )
        self._codes.add(code)
        name = entry.get("name")
        if name is not None and str(name).strip():
            self._names[code] = str(name).strip()
        region = entry.get("region")
        if region is not None and str(region).strip():
            self._regions[code] = str(region).strip()
        groups = entry.get("groups") or ()
        if isinstance(groups, str):
            groups = groups.split(";")
        if not isinstance(groups, Iterable):
            raise ParameterError(f"{where}: groups must be a list of names, got {groups!r}")
        for g in groups:
            g = _check_group_name(g, where)
            if g:
                self._groups.setdefault(code, set()).add(g)
                self._group_info.setdefault(g, {})

    def _add_group(self, group: Any, spec: Any, *, where: str) -> None:
        group = _check_group_name(group, where)
        if not group:
            raise ParameterError(f"{where}: a group needs a non-empty name")
        info: dict[str, str] = {}
        if isinstance(spec, Mapping):
            unknown = set(spec) - set(_GROUP_KEYS)
            if unknown:
                raise ParameterError(
                    f"{where}: unknown key {known(unknown)}; allowed keys: {', '.join(_GROUP_KEYS)}"
                )
            if "members" not in spec:
                raise ParameterError(f"{where}: missing 'members = [\"CODE\", ...]'")
            members = spec["members"]
            info = {k: str(spec[k]) for k in ("description", "as_of") if k in spec}
        else:
            members = spec
        if isinstance(members, str) or not isinstance(members, Iterable):
            raise ParameterError(
                f"{where}: members must be a list of source codes, got {members!r}"
            )
        self._group_info.setdefault(group, {}).update(info)
        for code in members:
            code = _check_code(code, where)
            self._codes.add(code)
            self._groups.setdefault(code, set()).add(group)

    @classmethod
    def read(cls, path: str | Path) -> SourceTable:
        """Read a table from a ``.csv`` or ``.toml`` file.

        CSV columns are ``code`` (required), ``name``, ``region`` and
        ``groups`` (names separated by ``;``). TOML has ``[sources.CODE]``
        tables (keys ``name``, ``region``, ``groups``) and/or
        ``[groups.NAME]`` tables (``members``, ``description``, ``as_of``).

        Raises
        ------
        ParameterError
            For an unreadable file, a duplicate code, an unknown column or
            key; the message names the file and the line or entry.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "outlets.csv"
        >>> _ = p.write_text("code,name,region,groups\\nbbc,BBC,Europe,public;uk\\n")
        >>> SourceTable.read(p).groups("bbc")
        ('public', 'uk')
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return cls._read_csv(path)
        if suffix == ".toml":
            return cls._read_toml(path)
        raise ParameterError(
            f"{path}: cannot tell the format from the extension {suffix!r}; "
            "use a .csv (code,name,region,groups) or a .toml file"
        )

    @classmethod
    def _read_csv(cls, path: Path) -> SourceTable:
        try:
            f = open(path, encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise ParameterError(
                f"cannot read source table {path}: {exc.strerror or exc}"
            ) from None
        seen: dict[str, int] = {}
        table = cls()
        with f:
            reader = csv.DictReader(f)
            header = [h.strip() for h in (reader.fieldnames or [])]
            if "code" not in header:
                raise ParameterError(
                    f"{path} line 1: no 'code' column (header is {header!r}); "
                    f"expected columns {', '.join(_CSV_COLUMNS)}"
                )
            extra = [h for h in header if h not in _CSV_COLUMNS]
            if extra:
                raise ParameterError(
                    f"{path} line 1: unknown column {known(extra)}; "
                    f"allowed columns: {', '.join(_CSV_COLUMNS)}"
                )
            reader.fieldnames = header
            try:
                for row in reader:
                    line = reader.line_num
                    if None in row:
                        raise ParameterError(
                            f"{path} line {line}: more fields than the {len(header)} columns "
                            "of the header (quote values that contain commas)"
                        )
                    if not any((v or "").strip() for v in row.values()):
                        continue
                    code = (row.pop("code") or "").strip()
                    where = f"{path} line {line}"
                    if not code:
                        raise ParameterError(f"{where}: empty code")
                    if code in seen:
                        raise ParameterError(
                            f"{where}: duplicate code {code!r} (first on line {seen[code]}); "
                            "each source must appear once"
                        )
                    seen[code] = line
                    table._add_source(code, {k: v for k, v in row.items() if v}, where=where)
            except csv.Error as exc:
                raise ParameterError(f"{path} line {reader.line_num}: {exc}") from None
        return table

    @classmethod
    def _read_toml(cls, path: Path) -> SourceTable:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except OSError as exc:
            raise ParameterError(
                f"cannot read source table {path}: {exc.strerror or exc}"
            ) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ParameterError(f"{path}: invalid TOML ({exc})") from None
        unknown = set(data) - {"sources", "groups"}
        if unknown:
            raise ParameterError(
                f"{path}: unknown top-level key {known(unknown)}; "
                "use [sources.CODE] and [groups.NAME] tables"
            )
        table = cls()
        for section in ("sources", "groups"):
            if not isinstance(data.get(section, {}), Mapping):
                raise ParameterError(f"{path}: '{section}' must be a table ([{section}.NAME])")
        # TOML itself refuses duplicate keys, so duplicate codes cannot occur here.
        for code, entry in data.get("sources", {}).items():
            table._add_source(code, entry, where=f"{path}: [sources.{code}]")
        for group, spec in data.get("groups", {}).items():
            table._add_group(group, spec, where=f"{path}: [groups.{group}]")
        return table

    # -- look-ups ------------------------------------------------------------
    @property
    def codes(self) -> list[str]:
        """All source codes, sorted."""
        return sorted(self._codes)

    @property
    def group_names(self) -> list[str]:
        """All group names, sorted."""
        return sorted(self._group_info)

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __repr__(self) -> str:
        return f"<SourceTable: {len(self)} sources, {len(self._group_info)} groups>"

    def name(self, code: str) -> str:
        """Display name of ``code``; the code itself when it has none."""
        return self._names.get(code, code)

    def region(self, code: str) -> str | None:
        """Region of ``code``, or ``None`` when unknown."""
        return self._regions.get(code)

    def groups(self, code: str) -> tuple[str, ...]:
        """Sorted names of the groups ``code`` belongs to (empty if none)."""
        return tuple(sorted(self._groups.get(code, ())))

    def members(self, group: str) -> tuple[str, ...]:
        """Sorted codes of the members of ``group``.

        Raises
        ------
        ParameterError
            If the group is unknown (the message lists the known groups).
        """
        self._check_group(group)
        return tuple(sorted(c for c, gs in self._groups.items() if group in gs))

    def describe(self, group: str) -> dict[str, str]:
        """``description`` and ``as_of`` of a group, as given in its file."""
        self._check_group(group)
        return dict(self._group_info[group])

    def _check_group(self, group: Any) -> None:
        if group not in self._group_info:
            raise ParameterError(
                f"group {group!r} is not in this source table; known groups: "
                f"{known(self._group_info) or '(none)'}"
            )

    def grouping(
        self, groups_or_field: str | Iterable[str], *, other: str | None = None
    ) -> dict[str, str]:
        """A mapping source → label, usable as a ``by=`` grouping.

        Parameters
        ----------
        groups_or_field : str or list of str
            ``"region"`` or ``"name"`` (label each source by that field), a
            group name (its members get that label), or a list of group
            names. A source in several of the listed groups gets the first
            one listed: ``["P5", "G77"]`` labels China ``"P5"``.
        other : str, optional
            Label for the table's sources that get no label otherwise; by
            default they are left out (and so dropped from a grouping).

        Returns
        -------
        dict
            ``{source: label}``, sorted by source.
        """
        if isinstance(groups_or_field, str) and groups_or_field in ("region", "name"):
            values = self._regions if groups_or_field == "region" else self._names
            out = dict(values)
        else:
            wanted = (
                [groups_or_field] if isinstance(groups_or_field, str) else list(groups_or_field)
            )
            if not wanted:
                raise ParameterError(
                    "grouping() got an empty list; give group names or 'region'/'name'"
                )
            for g in wanted:
                if g not in self._group_info:
                    raise ParameterError(
                        f"grouping({groups_or_field!r}): {g!r} is neither a field ('region', "
                        f"'name') nor a group; known groups: {known(self._group_info) or '(none)'}"
                    )
            out = {}
            for g in wanted:
                for code in self.members(g):
                    out.setdefault(code, g)
        if other is not None:
            for code in self._codes:
                out.setdefault(code, other)
        return dict(sorted(out.items()))

    # -- conversion ----------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per source: ``code, name, region, groups``.

        ``name`` falls back to the code, ``region`` is ``None`` when unknown
        and ``groups`` is a ``;``-separated string (as in the CSV format), so
        ``to_frame().to_csv(path, index=False)`` writes a readable table.
        """
        rows = [
            {
                "code": c,
                "name": self.name(c),
                "region": self.region(c),
                "groups": ";".join(self.groups(c)),
            }
            for c in self.codes
        ]
        import pandas as pd

        return pd.DataFrame(rows, columns=list(_CSV_COLUMNS))

    def merge(self, other: SourceTable) -> SourceTable:
        """A new table with the sources and groups of both.

        Names and regions given in ``other`` win; group memberships are
        united.
        """
        if not isinstance(other, SourceTable):
            raise ParameterError(f"merge() needs a SourceTable, got {type(other).__name__}")
        out = SourceTable()
        for t in (self, other):
            out._codes |= t._codes
            out._names.update(t._names)
            out._regions.update(t._regions)
            for code, gs in t._groups.items():
                out._groups.setdefault(code, set()).update(gs)
            for g, info in t._group_info.items():
                out._group_info.setdefault(g, {}).update(info)
        return out


def _check_code(code: Any, where: str) -> str:
    if not isinstance(code, str) or not code.strip() or code != code.strip():
        raise ParameterError(
            f"{where}: source code {code!r} must be a non-empty string without spaces around it"
        )
    return code


def _check_group_name(group: Any, where: str) -> str:
    if not isinstance(group, str):
        raise ParameterError(f"{where}: group name {group!r} must be a string")
    group = group.strip()
    if group in ("region", "name"):
        raise ParameterError(
            f"{where}: {group!r} cannot be a group name (it is a field name); rename the group"
        )
    return group


def corpus_folder() -> Path:
    """The project's ``corpus/`` folder (next to the ``discourse`` package).

    Raises
    ------
    FileNotFoundError
        When the package is not installed from a source checkout
        (``pip install -e .``), so the folder is absent.
    """
    folder = data_folder("sources").parent
    if not (folder / "sources").is_dir():
        raise FileNotFoundError(
            f"the shipped source tables are not found: {folder / 'sources'} does not exist. "
            "They live in the project's corpus/ folder, which only an editable install "
            "(pip install -e . in a checkout) provides; install that way, or build your own "
            "table with SourceTable.read(path)."
        )
    return folder


@functools.lru_cache(maxsize=1)
def default_table() -> SourceTable:
    """The shipped table of UN General Debate speakers.

    ISO 3166-1 alpha-3 codes (plus ``EU``, ``PSE``, ``VAT`` and former
    states such as ``CSK``, ``DDR``, ``YUG``, ``YMD``) with English short
    names, UN geoscheme regions and blocs (P5, G7, G20, BRICS, EU27, NATO,
    OECD, ASEAN, AU, ArabLeague, GCC, SCO, G77) by their 2023 membership.
    The same object is returned on every call; treat it as read-only.

    Examples
    --------
    >>> from discourse.corpus.sources import default_table
    >>> t = default_table()
    >>> t.name("USA"), t.region("FRA"), t.members("P5")
    ('United States', 'Europe', ('CHN', 'FRA', 'GBR', 'RUS', 'USA'))
    """
    folder = corpus_folder() / "sources"
    return SourceTable.read(folder / "countries.csv").merge(
        SourceTable.read(folder / "groups.toml")
    )
