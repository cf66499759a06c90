"""A tiny Dataverse look-alike on 127.0.0.1 for download tests (no internet).

It serves the files of one folder through the two API endpoints that
:mod:`discourse.datasets.fetch` uses::

    GET /api/datasets/:persistentId/versions/:latest-published/files?persistentId=DOI
    GET /api/datasets/:persistentId/versions/:latest-published?persistentId=DOI
    GET /api/access/datafile/{id}

The listing is built from the real files' names, sizes and checksums.
Switches on the server object simulate failures:

- ``not_found``: names of files whose download answers 404 (or ``"listing"``
  to make the listing itself 404);
- ``wrong_checksum``: names of files listed with a wrong checksum;
- ``truncate``: names of files sent with a ``Content-Length`` larger than
  the body, after which the connection is closed;
- ``redirect``: downloads answer 302 to ``/storage/{id}`` first;
- ``checksum_type``: ``"MD5"`` (default), ``"SHA-1"``, ``"SHA-256"``, ``"SHA-512"``.

``downloads`` counts completed download requests per file name.

Examples
--------
>>> with DataverseServer(folder) as srv:        # doctest: +SKIP
...     fetch_ungdc(dest, server=srv.url, progress=False)
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DOI = "doi:10.7910/DVN/0TJX8Y"
_PREFIX = "/api/datasets/:persistentId/versions/:latest-published"
_HASH = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-512": "sha512"}


class DataverseServer:
    """Serve ``folder`` as the Dataverse dataset ``DOI`` on a free local port."""

    def __init__(self, folder: Path, *, checksum_type: str = "MD5", version=(12, 0)):
        self.folder = Path(folder)
        self.checksum_type = checksum_type
        self.version = version
        self.not_found: set[str] = set()
        self.wrong_checksum: set[str] = set()
        self.truncate: set[str] = set()
        self.redirect = False
        self.block_delay = 0.0  # seconds to wait after each 64 KiB block (to interrupt a download)
        self.downloads: Counter = Counter()
        self.requests: list[str] = []
        self._files: dict[int, Path] = {}
        self._digests: dict[tuple[str, str], str] = {}
        for i, p in enumerate(sorted(q for q in self.folder.iterdir() if q.is_file()), start=100):
            self._files[i] = p
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> DataverseServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def digest(self, path: Path, ctype: str) -> str:
        key = (str(path), ctype)
        if key not in self._digests:
            h = hashlib.new(_HASH[ctype])
            with open(path, "rb") as f:
                while block := f.read(1 << 20):
                    h.update(block)
            self._digests[key] = h.hexdigest()
        return self._digests[key]

    def listing(self) -> dict:
        data = []
        for fid, p in self._files.items():
            value = self.digest(p, self.checksum_type)
            if p.name in self.wrong_checksum:
                value = "0" * len(value)
            entry = {
                "id": fid,
                "filename": p.name,
                "filesize": p.stat().st_size,
                "contentType": "application/octet-stream",
                "checksum": {"type": self.checksum_type, "value": value},
            }
            if self.checksum_type == "MD5":
                entry["md5"] = value
            data.append({"label": p.name, "restricted": False, "dataFile": entry})
        return {"status": "OK", "data": data}

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _json(self, code: int, obj: dict) -> None:
                body = json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802 - http.server API
                server.requests.append(self.path)
                url = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(url.query)
                if url.path.startswith(_PREFIX):
                    if query.get("persistentId") != [DOI] or "listing" in server.not_found:
                        return self._json(404, {"status": "ERROR", "message": "Dataset not found"})
                    if url.path == _PREFIX + "/files":
                        return self._json(200, server.listing())
                    if url.path == _PREFIX:
                        major, minor = server.version
                        return self._json(
                            200,
                            {
                                "status": "OK",
                                "data": {
                                    "versionNumber": major,
                                    "minorVersion": minor,
                                    "versionState": "RELEASED",
                                },
                            },
                        )
                parts = url.path.strip("/").split("/")
                if parts[:3] == ["api", "access", "datafile"] and len(parts) == 4:
                    return self._file(parts[3], allow_redirect=True)
                if parts[:1] == ["storage"] and len(parts) == 2:
                    return self._file(parts[1], allow_redirect=False)
                return self._json(404, {"status": "ERROR", "message": f"no route {url.path}"})

            def _file(self, fid: str, *, allow_redirect: bool) -> None:
                path = server._files.get(int(fid)) if fid.isdigit() else None
                if path is None or path.name in server.not_found:
                    return self._json(404, {"status": "ERROR", "message": "File not found"})
                if allow_redirect and server.redirect:
                    self.send_response(302)
                    self.send_header("Location", f"/storage/{fid}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                size = path.stat().st_size
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(size))
                self.end_headers()
                limit = size // 2 if path.name in server.truncate else size
                sent = 0
                with open(path, "rb") as f:
                    while sent < limit:
                        block = f.read(min(1 << 16, limit - sent))
                        if not block:
                            break
                        self.wfile.write(block)
                        sent += len(block)
                        if server.block_delay:
                            time.sleep(server.block_delay)
                self.wfile.flush()
                if path.name in server.truncate:
                    self.close_connection = True
                    return
                server.downloads[path.name] += 1

        return Handler
