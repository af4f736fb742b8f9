"""Fixtures of the runtime deployment tests: the local Exasol stand-in served with TLS on 127.0.0.1,
a BucketFS stand-in beside it, and the deploy CLI run against both with the real package archive."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Callable, Iterator

import pyexasol
import pytest
from click.testing import CliRunner, Result

from exasol_sagemaker_extension.deployment import deploy_cli, package_archive
from exasol_sagemaker_extension.deployment.runtime_deployer import ARCHIVE_NAME
from exasol_sagemaker_extension.local import build_database
from exasol_sagemaker_extension.local.engine import LocalDatabase
from exasol_sagemaker_extension.local.tls import SelfSignedCertificate, make_self_signed_certificate
from exasol_sagemaker_extension.local.ws_server import LocalExasolServer
from tests.support.bucketfs_standin import BucketFsStandin, BucketSpec

DB_USER = "sys"
DB_PASSWORD = "Db-5e1!not-for-output"
BUCKETFS_PASSWORD = "Bfs-77c!not-for-output"


@pytest.fixture(scope="session")
def certificate() -> SelfSignedCertificate:
    """The database stand-in's self-signed certificate (one for the run: making one takes a moment)."""
    return make_self_signed_certificate()


@pytest.fixture(scope="session")
def certificate_file(certificate: SelfSignedCertificate, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The certificate as a PEM file, the CA the installer validates the database with."""
    path = tmp_path_factory.mktemp("runtime-tls") / "stand-in.pem"
    path.write_bytes(certificate.cert_pem)
    return path


@pytest.fixture
def database() -> Iterator[LocalDatabase]:
    """A fresh database with the scripting layer and Exasol's default SCRIPT_LANGUAGES."""
    db = build_database(users={DB_USER: DB_PASSWORD})
    yield db
    db.close()


@pytest.fixture
def server(database: LocalDatabase, certificate: SelfSignedCertificate) -> Iterator[LocalExasolServer]:
    """The database served with TLS on a free port of 127.0.0.1."""
    standin = LocalExasolServer(database, host="127.0.0.1", port=0, tls=True, certificate=certificate).start()
    yield standin
    standin.stop()


@pytest.fixture
def bucketfs(tmp_path: Path) -> Iterator[BucketFsStandin]:
    """BucketFS with the bucket ``default`` on a free port of 127.0.0.1."""
    standin = BucketFsStandin(tmp_path / "buckets", buckets={
        "default": BucketSpec(write_password=BUCKETFS_PASSWORD)}).start()
    yield standin
    standin.stop()


@pytest.fixture
def connection(server: LocalExasolServer, certificate_file: Path) -> Iterator[pyexasol.ExaConnection]:
    """A session of a user looking at the database after the installer ran."""
    opened: list[pyexasol.ExaConnection] = []

    def connect() -> pyexasol.ExaConnection:
        session = pyexasol.connect(dsn=server.dsn, user=DB_USER, password=DB_PASSWORD, encryption=True,
                                   websocket_sslopt={"ca_certs": str(certificate_file)})
        opened.append(session)
        return session

    yield connect
    for session in opened:
        session.close()


@pytest.fixture(scope="session")
def real_archive(tmp_path_factory: pytest.TempPathFactory) -> package_archive.ArchiveInfo:
    """The package archive the installer builds, built once for the run (it takes a few seconds)."""
    folder = tmp_path_factory.mktemp("runtime-archive")
    return package_archive.build_package_archive(folder / ARCHIVE_NAME, from_installed=True, prune_botocore=True)


@pytest.fixture
def install(server: LocalExasolServer, bucketfs: BucketFsStandin, certificate_file: Path,
            real_archive: package_archive.ArchiveInfo, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run the deploy CLI against both stand-ins, passwords from the environment, the archive built once."""

    def build(output_path: Path, from_installed: bool = False, prune_botocore: bool = True,
              **more: object) -> package_archive.ArchiveInfo:
        assert (from_installed, prune_botocore, more) == (True, True, {}), "the installer's arguments changed"
        shutil.copyfile(real_archive.path, output_path)
        return dataclasses.replace(real_archive, path=Path(output_path))

    monkeypatch.setattr(package_archive, "build_package_archive", build)

    def run(*options: str) -> Result:
        arguments = ["--dsn", server.dsn, "--db-user", DB_USER, "--ssl-cert-path", str(certificate_file),
                     "--bucketfs-host", "127.0.0.1", "--bucketfs-port", str(bucketfs.port), "--schema", "SME",
                     *options]
        return CliRunner().invoke(deploy_cli.main, arguments,
                                  env={"DB_PASSWORD": DB_PASSWORD, "BUCKETFS_PASSWORD": BUCKETFS_PASSWORD})

    return run
