"""``sme-local start``: the local Exasol stand-in (and the AWS stand-in when installed) until Ctrl-C."""
from __future__ import annotations

import argparse
import inspect
import os
import signal
import sys
import tempfile
import threading
from pathlib import Path
from collections.abc import Sequence
from typing import Any

from exasol_sagemaker_extension.local import build_database
from exasol_sagemaker_extension.local.ws_server import LocalExasolServer

HOST = "127.0.0.1"
DEFAULT_PORT = 8563
DEFAULT_USER = "sys"
DEFAULT_PASSWORD = "exasol"
# UDFs run in this process, with this package installed: the extension's alias needs no container here.
LOCAL_SCRIPT_LANGUAGE = "PYTHON3_SME=builtin_python3"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="sme-local", description="Local Exasol stand-in for development and tests.")
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="serve the database on 127.0.0.1 until Ctrl-C")
    start.add_argument("--port", type=int, default=DEFAULT_PORT, help="WebSocket port (0 picks a free one)")
    start.add_argument("--tls", dest="tls", action="store_true", default=True,
                       help="serve wss with a self-signed certificate (default)")
    start.add_argument("--no-tls", dest="tls", action="store_false", help="serve plain ws")
    start.add_argument("--nproc", type=int, default=2, help="value of NPROC(), the simulated node count")
    start.add_argument("--user", default=DEFAULT_USER, help="database user name")
    start.add_argument("--password", default=os.environ.get("SME_LOCAL_PASSWORD", DEFAULT_PASSWORD),
                       help="database password (default: $SME_LOCAL_PASSWORD or 'exasol')")
    start.add_argument("--no-aws", dest="aws", action="store_false", default=True,
                       help="do not start the AWS stand-in")
    start.add_argument("--no-python3-sme-alias", dest="define_alias", action="store_false", default=True,
                       help=f"do not predefine {LOCAL_SCRIPT_LANGUAGE} in SCRIPT_LANGUAGES")
    return parser.parse_args(argv)


def start_aws(db: Any) -> Any | None:
    """Start the AWS stand-in if ``local/aws_standin.py`` is present; None otherwise."""
    try:
        from exasol_sagemaker_extension.local.aws_standin import start_aws_standin
    except ImportError:
        return None
    if "db" in inspect.signature(start_aws_standin).parameters:
        return start_aws_standin(db=db)
    return start_aws_standin()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``sme-local``."""
    args = parse_args(argv)
    if args.nproc < 1:
        print("--nproc must be at least 1", file=sys.stderr)
        return 2
    db = build_database(nproc=args.nproc, users={args.user: args.password})
    if args.define_alias:
        define_local_alias(db)
    aws = start_aws(db) if args.aws else None
    if aws is not None:
        # UDFs and EXPORT run in this process: botocore's own variable sends their calls to the stand-in
        os.environ.setdefault("AWS_ENDPOINT_URL", aws.endpoint_url)
    server = LocalExasolServer(db, host=HOST, port=args.port, tls=args.tls)
    with tempfile.TemporaryDirectory(prefix="sme-local-") as folder:
        try:
            server.start()
            certificate_file = write_certificate(server, Path(folder))
            print(describe(server, args.user, args.password, aws, certificate_file), flush=True)
            wait_for_interrupt()
        finally:
            stop_all(server, aws, db)
    return 0


def define_local_alias(db: Any) -> None:
    """Add the extension's alias to the system's SCRIPT_LANGUAGES, keeping every other alias."""
    current = db.system_parameters["SCRIPT_LANGUAGES"].split()
    alias = LOCAL_SCRIPT_LANGUAGE.split("=", 1)[0]
    kept = [entry for entry in current if entry.split("=", 1)[0] != alias]
    db.system_parameters["SCRIPT_LANGUAGES"] = " ".join(kept + [LOCAL_SCRIPT_LANGUAGE])


def write_certificate(server: LocalExasolServer, folder: Path) -> Path | None:
    """The server's self-signed certificate as a PEM file, for clients that validate against it."""
    if not server.tls or server.certificate is None:
        return None
    path = folder / "sme-local-cert.pem"
    path.write_bytes(server.certificate.cert_pem)
    return path


def stop_all(server: LocalExasolServer, aws: Any | None, db: Any) -> None:
    """Stop the servers and close the database."""
    try:
        server.stop()
        if aws is not None:
            aws.stop()
    finally:
        db.close()


def describe(server: LocalExasolServer, user: str, password: str, aws: Any | None,
             certificate_file: Path | None = None) -> str:
    """What a client needs to connect."""
    lines = [
        "Local Exasol stand-in running (Ctrl-C stops it)",
        f"  DSN:         {server.dsn}" + ("  (TLS, self-signed)" if server.tls else "  (no TLS: encryption=False)"),
    ]
    if server.tls and server.certificate is not None:
        lines.append(f"  pinned DSN:  {server.fingerprint_dsn}")
    if certificate_file is not None:
        lines.append(f"  certificate: {certificate_file}  (deploy CLI: --ssl-cert-path {certificate_file})")
    lines += [f"  user:        {user}", f"  password:    {password}"]
    if aws is not None:
        lines.append(f"  AWS endpoint: {aws.endpoint_url}  (export AWS_ENDPOINT_URL={aws.endpoint_url})")
    else:
        lines.append("  AWS endpoint: not started")
    return "\n".join(lines)


def wait_for_interrupt() -> None:
    """Block until Ctrl-C (SIGINT) or SIGTERM."""
    stop = threading.Event()
    previous = {number: signal.signal(number, lambda *_: stop.set()) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


if __name__ == "__main__":
    sys.exit(main())
