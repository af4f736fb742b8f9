"""A BucketFS service on 127.0.0.1 that speaks the HTTP that exasol-bucketfs uses.

``GET /`` lists the buckets (no login), ``GET /<bucket>`` lists the uploaded files and ``GET|PUT|DELETE
/<bucket>/<path>`` read, store and remove one, with HTTP basic auth: reading takes the bucket's read or
write password, writing takes user ``w`` with the write password, as Exasol's buckets do. Like BucketFS,
it unpacks an uploaded ``.tar.gz``/``.tgz``/``.tar``/``.zip`` into ``<path without the suffix>/``. The
files live under ``root/<service>/<bucket>/``, the tree a UDF sees under ``/buckets/``.
"""
from __future__ import annotations

import base64
import shutil
import tarfile
import threading
import zipfile
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Optional
from urllib.parse import unquote

WRITE_USER = "w"
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".zip")


@dataclass(frozen=True)
class BucketSpec:
    """The passwords of one bucket; a public bucket can be read without a login."""

    write_password: str = "write-secret"
    read_password: str = "read-secret"
    public: bool = False


@dataclass(frozen=True)
class Request:
    """One request as the stand-in saw it (the password is never kept)."""

    method: str
    path: str
    user: Optional[str]
    status: int


class BucketFsStandin:
    """One BucketFS service with its buckets; ``start()`` binds a free port, ``stop()`` ends it."""

    def __init__(self, root: Path, service_name: str = "bfsdefault",
                 buckets: Optional[dict[str, BucketSpec]] = None):
        self.root = Path(root)
        self.service_name = service_name
        self.buckets = dict(buckets or {"default": BucketSpec()})
        self.requests: list[Request] = []
        self._uploaded: dict[str, dict[str, bytes]] = {name: {} for name in self.buckets}
        self._lock = threading.Lock()
        self._server: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    # ---- life cycle ------------------------------------------------------------------------------
    def start(self) -> BucketFsStandin:
        """Serve on a free port of 127.0.0.1 in a background thread."""
        handler = type("Handler", (_Handler,), {"standin": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="bucketfs-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    @property
    def port(self) -> int:
        assert self._server is not None, "the stand-in is not started"
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ---- what tests inspect ----------------------------------------------------------------------
    def files(self, bucket: str = "default") -> dict[str, bytes]:
        """The uploaded files of ``bucket`` (path -> content), as ``GET /<bucket>`` lists them."""
        with self._lock:
            return dict(self._uploaded[bucket])

    def udf_path(self, path: str) -> Path:
        """The local directory standing for ``/buckets/<service>/<bucket>/...`` as a UDF sees it."""
        parts = PurePosixPath(path).parts
        if parts[:2] != ("/", "buckets"):
            raise ValueError(f"{path} is not below /buckets")
        return self.root.joinpath(*parts[2:])

    def writes(self) -> list[Request]:
        """The PUT and DELETE requests, in order."""
        return [request for request in self.requests if request.method in ("PUT", "DELETE")]

    # ---- storage ---------------------------------------------------------------------------------
    def _bucket_dir(self, bucket: str) -> Path:
        return self.root / self.service_name / bucket

    def store(self, bucket: str, path: str, content: bytes) -> None:
        """Keep the file below root and unpack an archive; ValueError (file not kept) if that is unsafe."""
        parts = PurePosixPath(path).parts
        if any(part in ("..", ".") for part in parts):
            raise ValueError(f"{path} leaves the bucket")
        target = self._bucket_dir(bucket).joinpath(*parts)
        with self._lock:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            suffix = next((s for s in ARCHIVE_SUFFIXES if path.endswith(s)), None)
            if suffix is not None:
                try:
                    _unpack(target, target.with_name(target.name[:-len(suffix)]))
                except (tarfile.TarError, zipfile.BadZipFile, OSError) as error:
                    target.unlink()
                    raise ValueError(f"cannot unpack {path}: {error}") from error
            self._uploaded[bucket][path] = content

    def remove(self, bucket: str, path: str) -> bool:
        """Forget the file and its unpacked directory; False if there was no such file."""
        with self._lock:
            if self._uploaded[bucket].pop(path, None) is None:
                return False
            target = self._bucket_dir(bucket).joinpath(*PurePosixPath(path).parts)
            target.unlink(missing_ok=True)
            suffix = next((s for s in ARCHIVE_SUFFIXES if path.endswith(s)), None)
            if suffix is not None:
                shutil.rmtree(target.with_name(target.name[:-len(suffix)]), ignore_errors=True)
            return True


def _unpack(archive: Path, directory: Path) -> None:
    """Replace ``directory`` with the archive's content; members may not leave it."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(directory)
        return
    with tarfile.open(archive, mode="r:*") as tar:
        tar.extractall(directory, filter="data")


class _Handler(BaseHTTPRequestHandler):
    """Serves one request of the BucketFS HTTP interface."""

    standin: BucketFsStandin
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Keep test output quiet."""

    def do_GET(self) -> None:
        bucket, path = self._target()
        if bucket is None:
            self._answer(HTTPStatus.OK, "".join(f"{name}\n" for name in self.standin.buckets).encode())
        elif self._allowed(bucket, write=False):
            files = self.standin.files(bucket)
            if not path:
                self._answer(HTTPStatus.OK, "".join(f"{name}\n" for name in sorted(files)).encode())
            elif path in files:
                self._answer(HTTPStatus.OK, files[path])
            else:
                self._answer(HTTPStatus.NOT_FOUND, b"file not found\n")

    def do_PUT(self) -> None:
        bucket, path = self._target()
        body = self._body()
        if bucket is None or not path:
            self._answer(HTTPStatus.BAD_REQUEST, b"PUT needs /<bucket>/<path>\n")
        elif self._allowed(bucket, write=True):
            try:
                self.standin.store(bucket, path, body)
            except ValueError as error:
                self._answer(HTTPStatus.BAD_REQUEST, f"{error}\n".encode())
                return
            self._answer(HTTPStatus.OK, b"")

    def do_DELETE(self) -> None:
        bucket, path = self._target()
        if bucket is None or not path:
            self._answer(HTTPStatus.BAD_REQUEST, b"DELETE needs /<bucket>/<path>\n")
        elif self._allowed(bucket, write=True):
            found = self.standin.remove(bucket, path)
            self._answer(HTTPStatus.OK if found else HTTPStatus.NOT_FOUND, b"")

    # ---- helpers ---------------------------------------------------------------------------------
    def _target(self) -> tuple[Optional[str], str]:
        """(bucket, path in the bucket) of the request; bucket None for ``/``."""
        parts = [unquote(part) for part in self.path.split("?", 1)[0].split("/") if part]
        if not parts:
            return None, ""
        return parts[0], "/".join(parts[1:])

    def _allowed(self, bucket: str, write: bool) -> bool:
        """Check the login; answer 404 or 401 and return False when the request may not go on."""
        spec = self.standin.buckets.get(bucket)
        if spec is None:
            self._answer(HTTPStatus.NOT_FOUND, b"bucket not found\n")
            return False
        user, password = self._login()
        if write:
            ok = user == WRITE_USER and password == spec.write_password
        else:
            ok = spec.public or password in (spec.read_password, spec.write_password)
        if not ok:
            self._answer(HTTPStatus.UNAUTHORIZED, b"unauthorized\n",
                         {"WWW-Authenticate": 'Basic realm="bucketfs"'})
        return ok

    def _login(self) -> tuple[Optional[str], Optional[str]]:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None, None
        user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        return user, password

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _answer(self, status: HTTPStatus, body: bytes, headers: Optional[dict[str, str]] = None) -> None:
        user, _ = self._login()
        self.standin.requests.append(Request(self.command, self.path, user, int(status)))
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
