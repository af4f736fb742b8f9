"""Fixtures of the installer tests: pyexasol's connect replaced by a recorder, a BucketFS stand-in on
127.0.0.1, a quick package archive builder, and a CLI runner."""
from __future__ import annotations

import io
import tarfile
from pathlib import Path
from typing import Any, Iterator, Optional

import pyexasol
import pytest
from click.testing import CliRunner, Result

from exasol_sagemaker_extension.deployment import deploy_cli, package_archive
from tests.support.bucketfs_standin import BucketFsStandin, BucketSpec

from .database_stand_ins import RecordingConnector

BUCKETFS_PASSWORD = "Bfs-3a9f!not-for-output"
ARCHIVE_MARKER = "exasol_sagemaker_extension/__init__.py"


@pytest.fixture
def connector(monkeypatch: pytest.MonkeyPatch) -> RecordingConnector:
    """Replace pyexasol's connect, the one spot where production code reaches the database."""
    recorder = RecordingConnector()
    monkeypatch.setattr(pyexasol, "connect", recorder)
    monkeypatch.delenv(deploy_cli.PASSWORD_ENVVAR, raising=False)
    monkeypatch.delenv(deploy_cli.BUCKETFS_PASSWORD_ENVVAR, raising=False)
    return recorder


@pytest.fixture
def run_cli(connector: RecordingConnector):
    """Run the deploy command in-process and return click's result."""

    def run(*args: str, env: Optional[dict[str, str]] = None, stdin: Optional[str] = None) -> Result:
        return CliRunner().invoke(deploy_cli.main, list(args), env=env, input=stdin,
                                  catch_exceptions=True)

    return run


@pytest.fixture
def bucketfs(tmp_path: Path) -> Iterator[BucketFsStandin]:
    """A BucketFS service with the bucket ``default`` on a free port of 127.0.0.1."""
    standin = BucketFsStandin(tmp_path / "buckets", buckets={
        "default": BucketSpec(write_password=BUCKETFS_PASSWORD)}).start()
    yield standin
    standin.stop()


def small_tar_gz(files: dict[str, bytes]) -> bytes:
    """A .tar.gz holding ``files`` (name -> content)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


@pytest.fixture
def archive_builds(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace the package archive builder by a quick one writing a small archive; records its calls."""
    calls: list[dict[str, Any]] = []

    def build(output_path: Any, from_installed: bool = False, prune_botocore: bool = True,
              **more: Any) -> package_archive.ArchiveInfo:
        output = Path(output_path)
        output.write_bytes(small_tar_gz({ARCHIVE_MARKER: b'"""stand-in"""\n'}))
        calls.append({"name": output.name, "from_installed": from_installed,
                      "prune_botocore": prune_botocore, **more})
        return package_archive.ArchiveInfo(output, output.stat().st_size, ("boto3 1.44.8",), prune_botocore)

    monkeypatch.setattr(package_archive, "build_package_archive", build)
    return calls
