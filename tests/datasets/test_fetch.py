"""Downloading the UNGDC from a local Dataverse look-alike (no internet)."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time

import pytest
from dataverse_server import DataverseServer

from discourse.datasets import fetch
from discourse.datasets.fetch import fetch_ungdc
from discourse.errors import FetchError, ParameterError

ARCHIVE = "UNGDC_2019-2021.tgz"
SPEAKERS = "Speakers_by_session.xlsx"


def md5(path):
    return hashlib.md5(path.read_bytes()).hexdigest()


@pytest.fixture
def server(ungdc_folder):
    with DataverseServer(ungdc_folder) as srv:
        yield srv


def test_fetch_downloads_verifies_and_records(server, ungdc_folder, tmp_path, ungdc_cache):
    dest = tmp_path / "dest"
    out = fetch_ungdc(dest, server=server.url, progress=False)
    assert out == dest
    for name in (ARCHIVE, SPEAKERS):
        assert (dest / name).read_bytes() == (ungdc_folder / name).read_bytes()
    assert not list(dest.glob(".*.part"))
    record = json.loads((dest / "dataset.json").read_text())
    assert record["doi"] == fetch.DOI
    assert record["server"] == server.url
    assert record["archive"] == ARCHIVE
    assert record["version"]["versionNumber"] == 12
    files = {f["name"]: f for f in record["files"]}
    assert files[ARCHIVE]["checksum"] == {"type": "MD5", "value": md5(ungdc_folder / ARCHIVE)}
    assert files[ARCHIVE]["size"] == (ungdc_folder / ARCHIVE).stat().st_size
    assert record["fetched_at"]
    assert fetch.read_dataset_record(dest) == record


def test_default_dest_is_in_the_cache(server, ungdc_cache):
    out = fetch_ungdc(server=server.url, progress=False)
    assert out == ungdc_cache / "datasets" / "ungdc"
    assert (out / ARCHIVE).is_file()


def test_widest_year_range_is_chosen(ungdc_folder, ungdc_synthetic, tmp_path, ungdc_cache):
    ungdc_synthetic.write_archive(ungdc_folder / "UNGDC_2020-2021.tgz")
    ungdc_synthetic.write_archive(ungdc_folder / "UNGDC_1946-2023.tgz")
    with DataverseServer(ungdc_folder) as srv:
        dest = fetch_ungdc(tmp_path / "d", server=srv.url, progress=False)
    assert {p.name for p in dest.glob("UNGDC_*")} == {"UNGDC_1946-2023.tgz"}
    assert fetch.find_archive(ungdc_folder).name == "UNGDC_1946-2023.tgz"


@pytest.mark.parametrize("ctype", ["SHA-1", "SHA-256", "SHA-512"])
def test_checksum_type_is_honoured(ungdc_folder, tmp_path, ungdc_cache, ctype):
    with DataverseServer(ungdc_folder, checksum_type=ctype) as srv:
        dest = fetch_ungdc(tmp_path / "d", server=srv.url, progress=False)
        srv.wrong_checksum.add(ARCHIVE)
        with pytest.raises(FetchError, match=ctype):
            fetch_ungdc(tmp_path / "e", server=srv.url, progress=False)
    record = fetch.read_dataset_record(dest)
    assert {f["checksum"]["type"] for f in record["files"]} == {ctype}


def test_redirect_is_followed(server, tmp_path, ungdc_cache):
    server.redirect = True
    dest = fetch_ungdc(tmp_path / "d", server=server.url, progress=False)
    assert (dest / ARCHIVE).is_file()
    assert any(r.startswith("/storage/") for r in server.requests)


def test_refetch_downloads_nothing(server, tmp_path, ungdc_cache):
    dest = tmp_path / "d"
    fetch_ungdc(dest, server=server.url, progress=False)
    first = dict(server.downloads)
    record = fetch.read_dataset_record(dest)
    fetch_ungdc(dest, server=server.url, progress=False)
    assert dict(server.downloads) == first == {ARCHIVE: 1, SPEAKERS: 1}
    assert fetch.read_dataset_record(dest) == record


def test_existing_file_without_record_is_verified_not_downloaded(
    server, ungdc_folder, tmp_path, ungdc_cache
):
    dest = tmp_path / "d"
    dest.mkdir()
    (dest / ARCHIVE).write_bytes((ungdc_folder / ARCHIVE).read_bytes())
    fetch_ungdc(dest, server=server.url, progress=False)
    assert server.downloads[ARCHIVE] == 0


@pytest.mark.parametrize("damage", ["size", "content"])
def test_damaged_existing_file_is_downloaded_again(
    server, ungdc_folder, tmp_path, ungdc_cache, damage
):
    dest = tmp_path / "d"
    fetch_ungdc(dest, server=server.url, progress=False)
    good = (ungdc_folder / ARCHIVE).read_bytes()
    bad = good[:-10] if damage == "size" else bytes([good[0] ^ 1]) + good[1:]
    (dest / ARCHIVE).write_bytes(bad)
    fetch_ungdc(dest, server=server.url, progress=False)
    assert server.downloads[ARCHIVE] == 2
    assert (dest / ARCHIVE).read_bytes() == good


def test_stale_partial_file_is_ignored_and_replaced(server, ungdc_folder, tmp_path, ungdc_cache):
    dest = tmp_path / "d"
    dest.mkdir()
    stale = dest / f".{ARCHIVE}.abc123.part"
    stale.write_bytes(b"half a download")
    old = time.time() - 2 * 86400
    os.utime(stale, (old, old))
    fresh = dest / f".{ARCHIVE}.zzz.part"  # another download might still be writing it
    fresh.write_bytes(b"in progress")
    fetch_ungdc(dest, server=server.url, progress=False)
    assert (dest / ARCHIVE).read_bytes() == (ungdc_folder / ARCHIVE).read_bytes()
    assert not stale.exists()
    assert fresh.exists()
    assert fetch.find_archive(dest) == dest / ARCHIVE


def test_404_names_url_and_status(server, tmp_path, ungdc_cache):
    server.not_found.add(ARCHIVE)
    with pytest.raises(FetchError) as err:
        fetch_ungdc(tmp_path / "d", server=server.url, progress=False)
    msg = str(err.value)
    assert "HTTP 404" in msg and "/api/access/datafile/" in msg and "mirror" in msg
    assert not (tmp_path / "d" / ARCHIVE).exists()
    assert not list((tmp_path / "d").glob(".*.part"))


def test_404_on_listing(server, tmp_path, ungdc_cache):
    server.not_found.add("listing")
    with pytest.raises(FetchError, match="HTTP 404.*persistentId"):
        fetch_ungdc(tmp_path / "d", server=server.url, progress=False)


def test_checksum_mismatch_names_expected_and_actual(server, ungdc_folder, tmp_path, ungdc_cache):
    server.wrong_checksum.add(ARCHIVE)
    dest = tmp_path / "d"
    with pytest.raises(FetchError) as err:
        fetch_ungdc(dest, server=server.url, progress=False)
    msg = str(err.value)
    assert "checksum mismatch" in msg
    assert "0" * 32 in msg and md5(ungdc_folder / ARCHIVE) in msg
    assert not (dest / ARCHIVE).exists()
    assert not list(dest.glob(".*.part"))
    assert fetch.find_archive(dest) is None


def test_truncated_body_is_never_taken_as_complete(server, ungdc_folder, tmp_path, ungdc_cache):
    server.truncate.add(ARCHIVE)
    dest = tmp_path / "d"
    size = (ungdc_folder / ARCHIVE).stat().st_size
    with pytest.raises(FetchError) as err:
        fetch_ungdc(dest, server=server.url, progress=False)
    msg = str(err.value)
    assert "truncated" in msg and f"{size // 2:,}" in msg and f"{size:,}" in msg
    assert not (dest / ARCHIVE).exists()
    assert not list(dest.glob(".*.part"))
    server.truncate.clear()
    fetch_ungdc(dest, server=server.url, progress=False)
    assert (dest / ARCHIVE).read_bytes() == (ungdc_folder / ARCHIVE).read_bytes()


def test_connection_refused_suggests_mirror(tmp_path, ungdc_cache):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with pytest.raises(FetchError) as err:
        fetch_ungdc(tmp_path / "d", server=url, progress=False, timeout=5)
    msg = str(err.value)
    assert url in msg and "mirror" in msg and "DISCOURSE_MIRROR" in msg
    assert isinstance(err.value, OSError)


def test_mirror_is_used_as_is_and_never_written(ungdc_folder, tmp_path, ungdc_cache):
    before = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in ungdc_folder.iterdir()}
    dest = tmp_path / "d"
    out = fetch_ungdc(dest, mirror=ungdc_folder, server="http://127.0.0.1:9", progress=False)
    assert out == ungdc_folder
    after = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in ungdc_folder.iterdir()}
    assert after == before
    record = fetch.read_dataset_record(dest)
    assert record["mirror"] == str(ungdc_folder.resolve())
    assert record["archive"] == ARCHIVE
    assert {f["name"] for f in record["files"]} == {ARCHIVE, SPEAKERS}


def test_mirror_from_environment(ungdc_folder, tmp_path, ungdc_cache, monkeypatch):
    monkeypatch.setenv("DISCOURSE_MIRROR", str(ungdc_folder))
    assert fetch_ungdc(tmp_path / "d", server="http://127.0.0.1:9", progress=False) == ungdc_folder


def test_bad_mirror_is_a_parameter_error(tmp_path, ungdc_cache):
    with pytest.raises(ParameterError, match="not a folder"):
        fetch_ungdc(tmp_path / "d", mirror=tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ParameterError, match=r"UNGDC_\*\.tgz"):
        fetch_ungdc(tmp_path / "d", mirror=tmp_path / "empty")


def test_bad_timeout(tmp_path, ungdc_cache):
    with pytest.raises(ParameterError, match="timeout"):
        fetch_ungdc(tmp_path / "d", timeout=0)


@pytest.mark.shared
def test_real_archive_download_from_localhost(shared_ungdc, tmp_path, ungdc_cache):
    with DataverseServer(shared_ungdc) as srv:
        dest = fetch_ungdc(tmp_path / "real", server=srv.url, progress=False)
        listing = {e["label"]: e["dataFile"] for e in srv.listing()["data"]}
    record = fetch.read_dataset_record(dest)
    assert record["archive"] == "UNGDC_1946-2023.tgz"
    archive = dest / "UNGDC_1946-2023.tgz"
    assert archive.stat().st_size == (shared_ungdc / archive.name).stat().st_size == 65727617
    files = {f["name"]: f for f in record["files"]}
    assert files[archive.name]["checksum"]["value"] == listing[archive.name]["md5"] == md5(archive)
    assert (dest / SPEAKERS).stat().st_size == (shared_ungdc / SPEAKERS).stat().st_size
