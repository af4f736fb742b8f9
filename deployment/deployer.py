"""Runs the deploy statements on an Exasol database through pyexasol."""
from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Protocol, Sequence

import pyexasol

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.deployment.statements import DeployStatement, build_deploy_statements
from exasol_sagemaker_extension.errors import DeploymentError, InvalidInputError


class Connection(Protocol):
    """The part of ``pyexasol.ExaConnection`` the deployer uses."""

    def execute(self, query: str) -> Any:
        """Run one SQL statement."""

    def close(self) -> None:
        """End the session."""


@dataclass(frozen=True)
class ConnectionOptions:
    """Where and as whom to connect, and how to check the server's TLS certificate."""

    dsn: str
    user: str
    password: str = field(repr=False)
    use_ssl_cert_validation: bool = True
    ssl_cert_path: Optional[str] = None
    ssl_client_cert_path: Optional[str] = None
    ssl_client_private_key: Optional[str] = None


def build_websocket_sslopt(options: ConnectionOptions) -> dict[str, Any]:
    """Translate the TLS options into websocket-client ``sslopt`` (what pyexasol passes on)."""
    sslopt: dict[str, Any] = {
        "cert_reqs": ssl.CERT_REQUIRED if options.use_ssl_cert_validation else ssl.CERT_NONE}
    if options.ssl_cert_path:
        ca_location = Path(options.ssl_cert_path)
        if ca_location.is_dir():
            sslopt["ca_cert_path"] = str(ca_location)
        elif ca_location.is_file():
            sslopt["ca_certs"] = str(ca_location)
        else:
            raise _missing_file("--ssl-cert-path", options.ssl_cert_path)
    if options.ssl_client_cert_path:
        if not Path(options.ssl_client_cert_path).is_file():
            raise _missing_file("--ssl-client-cert-path", options.ssl_client_cert_path)
        sslopt["certfile"] = options.ssl_client_cert_path
    if options.ssl_client_private_key:
        if not Path(options.ssl_client_private_key).is_file():
            raise _missing_file("--ssl-client-private-key", options.ssl_client_private_key)
        sslopt["keyfile"] = options.ssl_client_private_key
    return sslopt


def open_database_connection(options: ConnectionOptions,
                             connect: Optional[Callable[..., Connection]] = None) -> Connection:
    """Open an encrypted pyexasol connection; failures become E-SME-90 without the password."""
    connect = connect or pyexasol.connect
    sslopt = build_websocket_sslopt(options)
    try:
        return connect(dsn=options.dsn, user=options.user, password=options.password,
                       encryption=True, websocket_sslopt=sslopt)
    except pyexasol.ExaError as error:
        raise DeploymentError(
            error_codes.DATABASE_CONNECTION_FAILED,
            f"could not connect to the database at {options.dsn} as user {options.user}: "
            f"{database_message(error)}",
            "Check host and port (--dsn, or --host and --port), user and password. If the server "
            "uses a self-signed certificate, give its CA with --ssl-cert-path; only on a trusted "
            "network turn validation off with --no-use-ssl-cert-validation.") from error


def close_quietly(connection: Connection) -> None:
    """End the session; a failure to close must not hide how the deployment went."""
    try:
        connection.close()
    except pyexasol.ExaError:
        pass  # every statement was already committed or reported; nothing is left to save


class ScriptDeployer:
    """Runs deploy statements, in order, on an open connection, stopping at the first failure."""

    def __init__(self, connection: Connection, report: Callable[[str], None] = lambda line: None):
        self._connection = connection
        self._report = report

    def deploy(self, schema: str, python_path: Optional[str] = None) -> list[DeployStatement]:
        """Install the extension into ``schema`` (a raw name, quoted here) and return what ran."""
        return self.run(build_deploy_statements(schema, python_path))

    def run(self, statements: Sequence[DeployStatement]) -> list[DeployStatement]:
        """Execute ``statements`` one by one; a database error becomes E-SME-91."""
        for number, statement in enumerate(statements, start=1):
            self._report(f"[{number}/{len(statements)}] {statement.description}")
            try:
                self._connection.execute(statement.sql)
            except pyexasol.ExaError as error:
                raise DeploymentError(
                    error_codes.STATEMENT_FAILED,
                    f"creating {statement.description} failed (statement {number} of "
                    f"{len(statements)}): {database_message(error)}",
                    "Fix the cause (often a missing privilege such as CREATE SCHEMA, CREATE TABLE "
                    "or CREATE SCRIPT) and run the installer again; every statement is safe to "
                    "repeat and keeps the metadata tables' rows.") from error
        return list(statements)


def database_message(error: pyexasol.ExaError) -> str:
    """The server's own text and SQL code, never ``str(error)`` (which can print connection data)."""
    message = " ".join(str(getattr(error, "message", "") or type(error).__name__).split())
    code = getattr(error, "code", None)
    return f"[{code}] {message}" if code else message


def _missing_file(option: str, path: str) -> InvalidInputError:
    """The error for a TLS file option that names nothing on disk."""
    return InvalidInputError(error_codes.INVALID_OPTION, f"{option} {path!r} does not exist",
                             "Give the path of an existing PEM file (or, for the CA, a directory).")
