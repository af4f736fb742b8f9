"""Fixtures for the local Exasol stand-in: a fresh database served on 127.0.0.1, pyexasol connections to it."""
from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from typing import Any

import pyexasol
import pytest

from exasol_sagemaker_extension.local.engine import LocalDatabase
from exasol_sagemaker_extension.local.tls import SelfSignedCertificate, make_self_signed_certificate
from exasol_sagemaker_extension.local.ws_server import LocalExasolServer

USER = "sys"
PASSWORD = "exasol"
NPROC = 2


@pytest.fixture(scope="session")
def certificate() -> SelfSignedCertificate:
    """One self-signed certificate for all servers of the test run (making one takes a moment)."""
    return make_self_signed_certificate()


@pytest.fixture
def database() -> Iterator[LocalDatabase]:
    """A fresh in-memory database with one user."""
    db = LocalDatabase(nproc=NPROC, users={USER: PASSWORD})
    yield db
    db.close()


@pytest.fixture
def tls_server(database: LocalDatabase, certificate: SelfSignedCertificate) -> Iterator[LocalExasolServer]:
    """The database served with TLS on a free port of 127.0.0.1."""
    server = LocalExasolServer(database, port=0, tls=True, certificate=certificate).start()
    yield server
    server.stop()


@pytest.fixture
def plain_server(database: LocalDatabase) -> Iterator[LocalExasolServer]:
    """The same database served without TLS on another free port of 127.0.0.1."""
    server = LocalExasolServer(database, port=0, tls=False).start()
    yield server
    server.stop()


@pytest.fixture
def connect(tls_server: LocalExasolServer, plain_server: LocalExasolServer) -> Iterator[Callable[..., Any]]:
    """Open pyexasol connections (``encryption=True`` by default); all are closed at the end."""
    opened: list[pyexasol.ExaConnection] = []

    def _connect(encryption: bool = True, **options: Any) -> pyexasol.ExaConnection:
        server = tls_server if encryption else plain_server
        options.setdefault("user", USER)
        options.setdefault("password", PASSWORD)
        if encryption:
            options.setdefault("websocket_sslopt", {"cert_reqs": ssl.CERT_NONE})
        connection = pyexasol.connect(dsn=options.pop("dsn", server.dsn), encryption=encryption, **options)
        opened.append(connection)
        return connection

    yield _connect
    for connection in opened:
        if not connection.is_closed:
            connection.close()


@pytest.fixture
def connection(connect: Callable[..., Any]) -> pyexasol.ExaConnection:
    """A pyexasol connection with encryption on (self-signed certificate, validation off)."""
    return connect(encryption=True)


@pytest.fixture
def plain_connection(connect: Callable[..., Any]) -> pyexasol.ExaConnection:
    """A pyexasol connection with encryption off."""
    return connect(encryption=False)


@pytest.fixture
def schema_connection(connection: pyexasol.ExaConnection) -> pyexasol.ExaConnection:
    """A TLS connection with schema TEST created and open."""
    connection.execute("CREATE SCHEMA test")
    return connection
