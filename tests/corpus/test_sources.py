"""Source tables: names, regions, groups, readers and the shipped table."""

from __future__ import annotations

import pytest

from discourse import Corpus, Document
from discourse.corpus.sources import SourceTable, corpus_folder, default_table
from discourse.errors import ParameterError

UN_REGIONS = {
    "Africa",
    "Asia",
    "Europe",
    "Latin America and the Caribbean",
    "Northern America",
    "Oceania",
}


@pytest.fixture
def table():
    return SourceTable(
        {
            "USA": {"name": "United States", "region": "Northern America"},
            "CHN": {"name": "China", "region": "Asia", "groups": ["BRICS"]},
            "BRA": {"name": "Brazil", "region": "Latin America and the Caribbean"},
            "SYR": {"name": "Syria", "region": "Asia"},
        },
        groups={
            "P5": ["CHN", "USA"],
            "BRICS": {
                "members": ["BRA"],
                "description": "five emerging economies",
                "as_of": "2023",
            },
        },
    )


def test_lookups(table):
    assert table.name("USA") == "United States"
    assert table.name("XYZ") == "XYZ"
    assert table.region("CHN") == "Asia"
    assert table.region("XYZ") is None
    assert table.groups("CHN") == ("BRICS", "P5")
    assert table.groups("SYR") == ()
    assert table.members("BRICS") == ("BRA", "CHN")
    assert table.describe("BRICS") == {"description": "five emerging economies", "as_of": "2023"}
    assert table.codes == ["BRA", "CHN", "SYR", "USA"]
    assert "SYR" in table and "XYZ" not in table and len(table) == 4
    assert table.group_names == ["BRICS", "P5"]


def test_unknown_group_lists_known(table):
    with pytest.raises(ParameterError, match="'G77'.*known groups: 'BRICS', 'P5'"):
        table.members("G77")
    with pytest.raises(ParameterError, match="neither a field"):
        table.grouping(["P5", "G77"])
    with pytest.raises(ParameterError, match="empty"):
        table.grouping([])


def test_grouping(table):
    assert table.grouping(["P5", "BRICS"]) == {"BRA": "BRICS", "CHN": "P5", "USA": "P5"}
    assert table.grouping(["BRICS", "P5"]) == {"BRA": "BRICS", "CHN": "BRICS", "USA": "P5"}
    assert table.grouping("P5") == {"CHN": "P5", "USA": "P5"}
    assert table.grouping("P5", other="rest") == {
        "BRA": "rest",
        "CHN": "P5",
        "SYR": "rest",
        "USA": "P5",
    }
    assert table.grouping("region")["SYR"] == "Asia"
    assert table.grouping("name")["USA"] == "United States"


def test_grouping_works_as_by_mapping(table):
    corpus = Corpus(
        [
            Document("a", "x", "CHN"),
            Document("b", "y", "USA"),
            Document("c", "z", "SYR"),
            Document("d", "w", "BRA"),
        ],
        sources=table,
    )
    groups = corpus.group_by(table.grouping(["P5", "BRICS"]))
    assert {g: sorted(c.ids) for g, c in groups.items()} == {"BRICS": ["d"], "P5": ["a", "b"]}


def test_to_frame_round_trips_through_csv(table, tmp_path):
    frame = table.to_frame()
    assert list(frame.columns) == ["code", "name", "region", "groups"]
    assert frame.set_index("code").loc["CHN", "groups"] == "BRICS;P5"
    path = tmp_path / "t.csv"
    frame.to_csv(path, index=False)
    again = SourceTable.read(path)
    assert again.to_frame().equals(frame)


def test_merge(table):
    other = SourceTable(
        {"USA": {"name": "USA (2)"}, "FRA": {"name": "France"}}, groups={"P5": ["FRA"]}
    )
    merged = table.merge(other)
    assert merged.name("USA") == "USA (2)"
    assert merged.region("USA") == "Northern America"  # kept when other has none
    assert merged.members("P5") == ("CHN", "FRA", "USA")
    assert merged.describe("BRICS")["as_of"] == "2023"
    assert len(table) == 4 and table.members("P5") == ("CHN", "USA")  # inputs unchanged


def test_read_csv(tmp_path):
    p = tmp_path / "outlets.csv"
    p.write_text(
        "code,name,region,groups\nbbc,BBC,Europe,public; uk\nxinhua,Xinhua,Asia,\n\n", "utf-8"
    )
    t = SourceTable.read(p)
    assert t.codes == ["bbc", "xinhua"]
    assert t.groups("bbc") == ("public", "uk")
    assert t.members("uk") == ("bbc",)
    only_codes = tmp_path / "codes.csv"
    only_codes.write_text("code\nA\nB\n", "utf-8")
    assert SourceTable.read(only_codes).name("A") == "A"


@pytest.mark.parametrize(
    "content, match",
    [
        ("code,name\nA,x\nB,y\nA,z\n", r"line 4: duplicate code 'A' \(first on line 2\)"),
        ("code,name,colour\nA,x,red\n", r"line 1: unknown column 'colour'"),
        ("name,region\nx,y\n", r"line 1: no 'code' column"),
        ("code,name\n,x\n", r"line 2: empty code"),
        ("code,name\nA,x,extra\n", r"line 2: more fields"),
        ("code,name,groups\nA,x,region\n", r"line 2: 'region' cannot be a group name"),
    ],
)
def test_read_csv_errors_name_file_and_line(tmp_path, content, match):
    p = tmp_path / "bad.csv"
    p.write_text(content, "utf-8")
    with pytest.raises(ParameterError, match=match) as err:
        SourceTable.read(p)
    assert "bad.csv" in str(err.value)


def test_read_toml(tmp_path):
    p = tmp_path / "t.toml"
    p.write_text(
        """
[sources.USA]
name = "United States"
region = "Northern America"
groups = ["G7"]

[groups.P5]
description = "UNSC permanent members"
members = ["CHN", "USA"]

[groups.quad]
members = ["AUS", "IND", "JPN", "USA"]
""",
        "utf-8",
    )
    t = SourceTable.read(p)
    assert t.name("USA") == "United States"
    assert t.groups("USA") == ("G7", "P5", "quad")
    assert t.members("quad") == ("AUS", "IND", "JPN", "USA")
    assert t.name("IND") == "IND"


def test_plain_list_groups_in_toml(tmp_path):
    p = tmp_path / "g.toml"
    p.write_text('[groups]\nP5 = ["CHN", "FRA"]\n', "utf-8")
    assert SourceTable.read(p).members("P5") == ("CHN", "FRA")


@pytest.mark.parametrize(
    "content, match",
    [
        (
            '[sources.USA]\nnmae = "x"\n',
            r"\[sources.USA\]: unknown key 'nmae'; allowed keys: name, region, groups",
        ),
        ('[groups.P5]\nmembers = ["A"]\ncolour = 1\n', r"\[groups.P5\]: unknown key 'colour'"),
        ('[groups.P5]\ndescription = "x"\n', r"\[groups.P5\]: missing 'members"),
        ('[groups.P5]\nmembers = "CHN"\n', r"\[groups.P5\]: members must be a list"),
        ('[source.USA]\nname = "x"\n', r"unknown top-level key 'source'"),
        ('[sources.USA]\nname = "x"\n[sources.USA]\nregion = "y"\n', r"invalid TOML"),
        ("[sources]\nUSA = 3\n", r"\[sources.USA\]: expected a table"),
    ],
)
def test_read_toml_errors_name_file_and_entry(tmp_path, content, match):
    p = tmp_path / "bad.toml"
    p.write_text(content, "utf-8")
    with pytest.raises(ParameterError, match=match) as err:
        SourceTable.read(p)
    assert "bad.toml" in str(err.value)


def test_read_other_errors(tmp_path):
    with pytest.raises(ParameterError, match="extension"):
        SourceTable.read(tmp_path / "t.json")
    with pytest.raises(ParameterError, match="cannot read"):
        SourceTable.read(tmp_path / "missing.csv")


def test_constructor_validates():
    with pytest.raises(ParameterError, match="unknown key 'colour'"):
        SourceTable({"A": {"colour": "red"}})
    with pytest.raises(ParameterError, match="source code"):
        SourceTable({" A": {}})
    with pytest.raises(ParameterError, match="SourceTable"):
        SourceTable().merge({"A": {}})


# -- the shipped table ---------------------------------------------------------------
UNGDC_NON_ISO = {
    "EU": "European Union",
    "PSE": "Palestine",
    "VAT": "Holy See",
    "CSK": "Czechoslovakia",
    "DDR": "German Democratic Republic",
    "YUG": "Yugoslavia",
    "YMD": "South Yemen",
}


def test_default_table_countries():
    t = default_table()
    assert t is default_table()  # loaded once
    assert len(t) == 200
    frame = t.to_frame()
    assert frame["code"].is_unique and frame["name"].is_unique
    assert set(frame["region"]) == UN_REGIONS
    assert all(t.name(c) != c for c in t)  # every code has a display name
    for code, name in UNGDC_NON_ISO.items():
        assert t.name(code) == name
    assert t.name("USA") == "United States"
    assert t.name("GBR") == "United Kingdom"
    assert t.name("RUS") == "Russia"
    assert t.region("USA") == "Northern America"
    assert t.region("BRA") == "Latin America and the Caribbean"
    assert t.region("EGY") == "Africa"
    assert t.region("FJI") == "Oceania"


def test_default_table_groups():
    t = default_table()
    assert t.members("P5") == ("CHN", "FRA", "GBR", "RUS", "USA")
    sizes = {"G7": 7, "G20": 20, "BRICS": 5, "EU27": 27, "NATO": 31, "OECD": 38, "ASEAN": 10,
             "AU": 54, "ArabLeague": 22, "GCC": 6, "SCO": 9, "G77": 134}  # fmt: skip
    for group, n in sizes.items():
        assert len(t.members(group)) == n, group
        assert t.describe(group)["as_of"] == "2023"
    assert set(t.members("AU")) == {c for c in t if t.region(c) == "Africa"}
    assert set(t.members("EU27")) <= {c for c in t if t.region(c) in ("Europe", "Asia")}
    assert set(t.members("GCC")) <= set(t.members("ArabLeague"))
    assert t.grouping(["P5", "G77"])["CHN"] == "P5"
    assert t.grouping(["G77", "P5"])["CHN"] == "G77"
    # every group member is a known country with a name (no typos in groups.toml)
    for group in t.group_names:
        assert all(t.name(c) != c for c in t.members(group)), group


def test_corpus_folder_is_in_the_checkout():
    folder = corpus_folder()
    assert (folder / "sources" / "countries.csv").is_file()
    assert (folder / "sources" / "groups.toml").is_file()
