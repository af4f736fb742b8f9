"""Everything ``sme-local`` runs, started and stopped as one: the database server, the AWS stand-in
and the files a client needs (the server's certificate)."""
from __future__ import annotations

import logging
import os
import ssl
import tempfile
from pathlib import Path
from typing import Any, Optional

from exasol_sagemaker_extension.local import build_database
from exasol_sagemaker_extension.local.ws_server import LocalExasolServer

HOST = "127.0.0.1"
DEFAULT_USER = "sys"
DEFAULT_PASSWORD = "exasol"
# UDFs run in this process, with this package installed: the extension's alias needs no container here.
LOCAL_SCRIPT_LANGUAGE = "PYTHON3_SME=builtin_python3"


class LocalRuntime:
    """The local Exasol stand-in and its AWS stand-in, on 127.0.0.1; a context manager."""

    def __init__(self, port: int = 0, tls: bool = True, nproc: int = 2, user: str = DEFAULT_USER,
                 password: str = DEFAULT_PASSWORD, aws: bool = True, define_alias: bool = True):
        self.user, self.password, self.tls = user, password, tls
        self.db = build_database(nproc=nproc, users={user: password})
        if define_alias:
            define_local_alias(self.db)
        self.server = LocalExasolServer(self.db, host=HOST, port=port, tls=tls)
        self._with_aws = aws
        self.aws: Any = None
        self._folder: Optional[tempfile.TemporaryDirectory] = None
        self.certificate_file: Optional[Path] = None
        self._previous_endpoint_url: Optional[str] = None

    def start(self) -> "LocalRuntime":
        """Start the AWS stand-in (if wanted) and the database server."""
        if self._with_aws:
            from exasol_sagemaker_extension.local.aws_standin import start_aws_standin
            logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per AWS call
            self.aws = start_aws_standin()
            # UDFs and EXPORT run in this process: botocore's own variable sends their calls there
            self._previous_endpoint_url = os.environ.get("AWS_ENDPOINT_URL")
            os.environ["AWS_ENDPOINT_URL"] = self.aws.endpoint_url
        self.server.start()
        self._folder = tempfile.TemporaryDirectory(prefix="sme-local-")
        self.certificate_file = write_certificate(self.server, Path(self._folder.name))
        return self

    def stop(self) -> None:
        """Stop the servers, restore AWS_ENDPOINT_URL, close the database; calling it twice is harmless."""
        try:
            self.server.stop()
            if self.aws is not None:
                self.aws.stop()
                self.aws = None
                if self._previous_endpoint_url is None:
                    os.environ.pop("AWS_ENDPOINT_URL", None)
                else:
                    os.environ["AWS_ENDPOINT_URL"] = self._previous_endpoint_url
        finally:
            if self._folder is not None:
                self._folder.cleanup()
                self._folder = None
            self.db.close()

    def __enter__(self) -> "LocalRuntime":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def dsn(self) -> str:
        """``host:port`` of the database server."""
        return self.server.dsn

    def connect(self) -> Any:
        """A pyexasol connection that validates the server's certificate."""
        import pyexasol

        options: dict[str, Any] = {"encryption": self.tls}
        if self.tls and self.certificate_file is not None:
            options["websocket_sslopt"] = {"cert_reqs": ssl.CERT_REQUIRED, "ca_certs": str(self.certificate_file)}
        return pyexasol.connect(dsn=self.dsn, user=self.user, password=self.password, **options)

    def describe(self) -> str:
        """What a client needs to connect."""
        server = self.server
        lines = [f"  DSN:         {server.dsn}" + ("  (TLS, self-signed)" if server.tls else
                                                     "  (no TLS: encryption=False)")]
        if server.tls and server.certificate is not None:
            lines.append(f"  pinned DSN:  {server.fingerprint_dsn}")
        if self.certificate_file is not None:
            lines.append(f"  certificate: {self.certificate_file}  (deploy CLI: --ssl-cert-path "
                         f"{self.certificate_file})")
        lines += [f"  user:        {self.user}", f"  password:    {self.password}"]
        if self.aws is not None:
            lines.append(f"  AWS endpoint: {self.aws.endpoint_url}  "
                         f"(export AWS_ENDPOINT_URL={self.aws.endpoint_url})")
        else:
            lines.append("  AWS endpoint: not started")
        return "\n".join(lines)


def define_local_alias(db: Any) -> None:
    """Add the extension's alias to the system's SCRIPT_LANGUAGES, keeping every other alias."""
    current = db.system_parameters["SCRIPT_LANGUAGES"].split()
    alias = LOCAL_SCRIPT_LANGUAGE.split("=", 1)[0]
    kept = [entry for entry in current if entry.split("=", 1)[0] != alias]
    db.system_parameters["SCRIPT_LANGUAGES"] = " ".join(kept + [LOCAL_SCRIPT_LANGUAGE])


def write_certificate(server: LocalExasolServer, folder: Path) -> Optional[Path]:
    """The server's self-signed certificate as a PEM file, for clients that validate against it."""
    if not server.tls or server.certificate is None:
        return None
    path = folder / "sme-local-cert.pem"
    path.write_bytes(server.certificate.cert_pem)
    return path
