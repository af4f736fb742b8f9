"""The BucketFS stand-in answers exasol-bucketfs as BucketFS does, and unpacks archives like it."""
from __future__ import annotations

import io
import tarfile

import pytest

import exasol.bucketfs as bfs
from tests.support.bucketfs_standin import BucketFsStandin, BucketSpec

from .conftest import BUCKETFS_PASSWORD


def _root(standin: BucketFsStandin, password: str = BUCKETFS_PASSWORD, bucket: str = "default"):
    return bfs.path.build_path(backend="onprem", url=standin.url, username="w", password=password,
                               bucket_name=bucket, service_name="bfsdefault", verify=False)


def _tar_gz(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def test_files_written_with_exasol_bucketfs_can_be_listed_read_and_removed(bucketfs):
    root = _root(bucketfs)
    (root / "dir" / "a.txt").write(b"hello")
    assert [path.name for path in (root / "dir").iterdir()] == ["a.txt"]
    assert b"".join((root / "dir" / "a.txt").read()) == b"hello"
    (root / "dir" / "a.txt").rm()
    assert not (root / "dir" / "a.txt").exists() and bucketfs.files() == {}


def test_an_uploaded_tar_gz_is_unpacked_beside_itself_as_bucketfs_does(bucketfs):
    (_root(bucketfs) / "rt" / "pkg.tar.gz").write(_tar_gz({"mod/__init__.py": b"X = 1\n"}))
    assert list(bucketfs.files()) == ["rt/pkg.tar.gz"]
    assert (bucketfs.udf_path("/buckets/bfsdefault/default/rt/pkg") / "mod/__init__.py").read_bytes() == b"X = 1\n"


def test_a_new_upload_replaces_the_unpacked_directory(bucketfs):
    target = _root(bucketfs) / "pkg.tar.gz"
    target.write(_tar_gz({"old.py": b""}))
    target.write(_tar_gz({"new.py": b""}))
    assert sorted(p.name for p in bucketfs.udf_path("/buckets/bfsdefault/default/pkg").iterdir()) == ["new.py"]


def test_an_archive_member_outside_its_directory_is_not_written(bucketfs, tmp_path):
    with pytest.raises(bfs.BucketFsError):
        (_root(bucketfs) / "evil.tar.gz").write(_tar_gz({"../../escaped.py": b""}))
    assert not list(tmp_path.rglob("escaped.py"))


def test_a_wrong_write_password_is_refused_with_401(bucketfs):
    with pytest.raises(bfs.BucketFsError) as caught:
        (_root(bucketfs, password="wrong") / "x.txt").write(b"x")
    assert caught.value.__cause__.response.status_code == 401
    assert bucketfs.files() == {} and bucketfs.writes()[-1].status == 401


def test_reading_a_private_bucket_needs_a_password_and_a_public_one_does_not(tmp_path):
    buckets = {"private": BucketSpec(), "public": BucketSpec(public=True)}
    standin = BucketFsStandin(tmp_path, buckets=buckets).start()
    try:
        anonymous = bfs.Service(standin.url, credentials={}, verify=False)
        assert sorted(anonymous.buckets) == ["private", "public"]
        assert list(anonymous.buckets["public"].files) == []
        with pytest.raises(bfs.BucketFsError):
            list(anonymous.buckets["private"].files)
    finally:
        standin.stop()


def test_an_unknown_bucket_is_reported_by_exasol_bucketfs(bucketfs):
    with pytest.raises(bfs.BucketFsError, match="Bucket nope does not exist"):
        _root(bucketfs, bucket="nope")
