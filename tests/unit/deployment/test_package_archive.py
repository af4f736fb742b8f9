"""The pure-Python package archive: resolution, the platform check, pruning, layout and the CLI."""
from __future__ import annotations

import json
import sys
import tarfile
from pathlib import Path
from typing import Optional

import pytest
from click.testing import CliRunner
from exasol.bucketfs import MountedBucket
from exasol.bucketfs import path as bfs_path

from exasol_sagemaker_extension.deployment import package_archive as pa
from exasol_sagemaker_extension.deployment.package_archive import (ArchiveInfo, PackagingError,
                                                                   archive_python_path,
                                                                   build_package_archive)

PURE_WHEEL = "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def make_distribution(site: Path, name: str, version: str = "1.0", wheel: str = PURE_WHEEL,
                      files: Optional[dict[str, str]] = None, requires: tuple[str, ...] = (),
                      requires_python: str = "") -> None:
    """Write an installed distribution (dist-info with METADATA, WHEEL, RECORD) into site."""
    files = files if files is not None else {f"{name}/__init__.py": ""}
    dist_info = site / f"{name}-{version}.dist-info"
    dist_info.mkdir(parents=True)
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += f"Requires-Python: {requires_python}\n" if requires_python else ""
    metadata += "".join(f"Requires-Dist: {requirement}\n" for requirement in requires)
    (dist_info / "METADATA").write_text(metadata)
    (dist_info / "WHEEL").write_text(wheel)
    for relative, content in files.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(content)
    record = [*files, f"{dist_info.name}/METADATA", f"{dist_info.name}/WHEEL", f"{dist_info.name}/RECORD"]
    (dist_info / "RECORD").write_text("".join(f"{line},,\n" for line in record))


@pytest.mark.parametrize("path_in_bucket, archive_name, expected", [
    ("sme", "sme_runtime.tar.gz", "/buckets/bfsdefault/default/sme/sme_runtime"),
    ("/sme/v1/", "sme_runtime.tar.gz", "/buckets/bfsdefault/default/sme/v1/sme_runtime"),
    ("", "sme_runtime.tgz", "/buckets/bfsdefault/default/sme_runtime"),
    ("sme", "sme_runtime", "/buckets/bfsdefault/default/sme/sme_runtime"),
])
def test_archive_python_path_is_the_directory_bucketfs_unpacks_into(path_in_bucket, archive_name, expected):
    assert archive_python_path("bfsdefault", "default", path_in_bucket, archive_name) == expected


def test_archive_python_path_agrees_with_exasol_bucketfs_udf_path():
    # the path exasol-bucketfs gives a UDF for an uploaded archive (its MountedBucket is /buckets/<service>/<bucket>)
    bucket = bfs_path.BucketPath("", bucket_api=MountedBucket(service_name="bfsdefault", bucket_name="default"))
    expected = (bucket / "sme" / "v1" / "sme_runtime.tar.gz").as_udf_path()
    assert archive_python_path("bfsdefault", "default", "sme/v1", "sme_runtime.tar.gz") == expected


@pytest.mark.parametrize("tag, pure", [
    ("py3-none-any", True), ("py2.py3-none-any", True), ("py311-none-any", True),
    ("cp311-cp311-manylinux_2_17_x86_64", False), ("py3-none-manylinux1_x86_64", False),
    ("cp311-abi3-any", False), ("garbage", False),
])
def test_only_interpreter_neutral_any_platform_tags_count_as_pure(tag, pure):
    assert pa._is_pure_tag(tag) is pure


def test_platform_check_accepts_a_pure_distribution(tmp_path):
    make_distribution(tmp_path, "purepkg", wheel=PURE_WHEEL.replace("py3-none-any", "py2.py3-none-any"))
    pa.check_pure_python(tmp_path)


def test_platform_check_rejects_a_distribution_with_a_compiled_file_and_names_it(tmp_path):
    make_distribution(tmp_path, "fastpkg", version="2.1",
                      files={"fastpkg/__init__.py": "", "fastpkg/_speedups.cpython-311-x86_64-linux-gnu.so": ""})
    with pytest.raises(PackagingError, match=r"E-SME-\d+: the distribution fastpkg 2\.1 contains the "
                                             r"compiled file fastpkg/_speedups"):
        pa.check_pure_python(tmp_path)


def test_platform_check_rejects_a_platform_specific_wheel_tag(tmp_path):
    make_distribution(tmp_path, "nativepkg", wheel="Root-Is-Purelib: false\nTag: cp311-cp311-linux_x86_64\n")
    with pytest.raises(PackagingError, match="the distribution nativepkg 1.0 is not pure Python"):
        pa.check_pure_python(tmp_path)


def test_platform_check_rejects_purelib_with_a_platform_tag(tmp_path):
    make_distribution(tmp_path, "oddpkg", wheel="Root-Is-Purelib: true\nTag: py3-none-win_amd64\n")
    with pytest.raises(PackagingError, match="oddpkg 1.0 is not pure Python"):
        pa.check_pure_python(tmp_path)


def test_platform_check_rejects_a_distribution_without_wheel_metadata(tmp_path):
    make_distribution(tmp_path, "eggpkg", wheel="")
    with pytest.raises(PackagingError, match="eggpkg 1.0 is not pure Python"):
        pa.check_pure_python(tmp_path)


def test_resolution_follows_dependencies_and_leaves_out_extras(tmp_path):
    make_distribution(tmp_path, "top", requires=("middle>=1", "heavy; extra == 'speed'"))
    make_distribution(tmp_path, "middle", requires=("bottom",))
    make_distribution(tmp_path, "bottom")
    names = [dist.metadata["Name"] for dist in pa.resolve_installed(["top"], search_path=[str(tmp_path)])]
    assert names == ["top", "middle", "bottom"]


def test_resolution_rejects_an_installed_version_outside_the_requirement(tmp_path):
    make_distribution(tmp_path, "top", version="1.0")
    with pytest.raises(PackagingError, match="top 1.0 is installed, but top>=2 is required"):
        pa.resolve_installed(["top>=2"], search_path=[str(tmp_path)])


def test_resolution_names_a_requirement_that_is_not_installed(tmp_path):
    with pytest.raises(PackagingError, match="the runtime requirement absent is not installed"):
        pa.resolve_installed(["absent"], search_path=[str(tmp_path)])


def test_archive_from_installed_refuses_a_dependency_with_a_binary_file(tmp_path):
    site = tmp_path / "site"
    make_distribution(site, "wrapper", requires=("fastpkg",))
    make_distribution(site, "fastpkg", files={"fastpkg/__init__.py": "", "fastpkg/_core.pyd": ""})
    with pytest.raises(PackagingError, match="fastpkg 1.0 contains the compiled file fastpkg/_core.pyd"):
        build_package_archive(tmp_path / "out.tar.gz", from_installed=True, requirements=["wrapper"],
                              search_path=[str(site)])
    assert not (tmp_path / "out.tar.gz").exists()


def archive_of_purepkg(tmp_path, files: dict, **options):
    """An archive built from installed distributions: a fake ``purepkg`` 1.0 with these files, and ours."""
    site = tmp_path / "site"
    make_distribution(site, "purepkg", files={"purepkg/__init__.py": "X = 1\n", **files})
    return build_package_archive(tmp_path / "rt.tar.gz", from_installed=True, requirements=["purepkg"],
                                 search_path=[str(site)], **options)


def test_archive_from_installed_holds_fake_pure_dependencies_and_our_package(tmp_path):
    info = archive_of_purepkg(tmp_path, {"purepkg/__pycache__/__init__.cpython-311.pyc": "",
                                         "purepkg/tests/test_x.py": ""})
    with tarfile.open(info.path) as tar:
        names = set(tar.getnames())
    assert {"purepkg/__init__.py", "purepkg-1.0.dist-info/METADATA", "exasol_sagemaker_extension/errors.py",
            "exasol_sagemaker_extension/udfs/training_udf.py", pa.MANIFEST_NAME} <= names
    assert not [n for n in names if "/tests/" in n or n.endswith("RECORD")]
    assert info.distributions == ("purepkg 1.0",)


def pyc_flags(data: bytes) -> int:
    return int.from_bytes(data[4:8], "little")  # PEP 552: 1 = hash-based, not checked against the source


def test_archive_carries_fresh_unchecked_bytecode_for_this_python_instead_of_copied_caches(tmp_path):
    info = archive_of_purepkg(tmp_path, {"purepkg/__pycache__/__init__.cpython-39.pyc": "stale",
                                         "purepkg/stray.pyc": "stale"})
    with tarfile.open(info.path) as tar:
        bytecode = {member.name: tar.extractfile(member).read() for member in tar.getmembers()
                    if member.name.endswith(".pyc")}
        manifest = json.loads(tar.extractfile(pa.MANIFEST_NAME).read())
    tag = sys.implementation.cache_tag
    assert info.bytecode_tag == manifest["bytecode"] == tag
    assert set(bytecode) >= {f"purepkg/__pycache__/__init__.{tag}.pyc",
                             f"exasol_sagemaker_extension/udfs/__pycache__/training_udf.{tag}.pyc"}
    assert all("/__pycache__/" in name and name.endswith(f".{tag}.pyc") for name in bytecode)
    assert {pyc_flags(data) for data in bytecode.values()} == {1}


OTHER_PYTHON = "3.%d" % (sys.version_info[1] + 1 if sys.version_info[1] < 13 else 10)


@pytest.mark.parametrize("options", [{"bytecode": False}, {"python_version": OTHER_PYTHON}],
                         ids=["asked not to", "for another Python than this one"])
def test_archive_leaves_bytecode_out(tmp_path, options):
    info = archive_of_purepkg(tmp_path, {}, **options)
    with tarfile.open(info.path) as tar:
        assert not [name for name in tar.getnames() if name.endswith(".pyc") or "__pycache__" in name]
        assert json.loads(tar.extractfile(pa.MANIFEST_NAME).read())["bytecode"] is None
    assert info.bytecode_tag is None


def test_archive_leaves_out_the_parts_not_needed_inside_the_database(tmp_path):
    info = build_package_archive(tmp_path / "rt.tar.gz", from_installed=True, requirements=[],
                                 search_path=[str(tmp_path)])
    with tarfile.open(info.path) as tar:
        top_parts = {tuple(n.split("/")[:2]) for n in tar.getnames() if n.startswith("exasol_sagemaker")}
    assert {part[1] for part in top_parts if len(part) > 1} & {"deployment", "lua", "local"} == set()


def test_archive_refuses_a_dependency_that_does_not_support_the_databases_python(tmp_path):
    site = tmp_path / "site"
    make_distribution(site, "modernpkg", version="3.0", requires_python=">=3.12")
    with pytest.raises(PackagingError, match=r"modernpkg 3.0 needs Python >=3.12, the database's Python is 3.10"):
        build_package_archive(tmp_path / "rt.tar.gz", from_installed=True, requirements=["modernpkg"],
                              search_path=[str(site)], python_version="3.10")


def test_archive_accepts_dependencies_that_support_the_databases_python(tmp_path):
    site = tmp_path / "site"
    make_distribution(site, "modernpkg", requires_python=">=3.8")
    info = build_package_archive(tmp_path / "rt.tar.gz", from_installed=True, requirements=["modernpkg"],
                                 search_path=[str(site)], python_version="3.12")
    assert info.distributions == ("modernpkg 1.0",)


def test_archive_is_reproducible(tmp_path):
    first = build_package_archive(tmp_path / "a.tar.gz", from_installed=True, requirements=[], search_path=[])
    second = build_package_archive(tmp_path / "b.tar.gz", from_installed=True, requirements=[], search_path=[])
    assert first.path.read_bytes() == second.path.read_bytes()


def test_archive_name_must_be_one_bucketfs_unpacks(tmp_path):
    with pytest.raises(PackagingError, match="does not end with .tar.gz"):
        build_package_archive(tmp_path / "rt.zip", from_installed=True)


def test_pruning_keeps_the_four_services_and_botocores_own_data_files(tmp_path):
    data = tmp_path / "botocore" / "data"
    for service in (*pa.BOTOCORE_SERVICES, "ec2", "dynamodb"):
        (data / service / "2020-01-01").mkdir(parents=True)
    for name in ("endpoints.json", "partitions.json", "sdk-default-configuration.json", "_retry.json"):
        (data / name).write_text("{}")
    pa.prune_botocore_data(tmp_path)
    assert sorted(p.name for p in data.iterdir()) == sorted(
        ["_retry.json", "endpoints.json", "partitions.json", "sdk-default-configuration.json",
         *pa.BOTOCORE_SERVICES])


def test_pruning_refuses_a_botocore_without_a_needed_service_model(tmp_path):
    (tmp_path / "botocore" / "data" / "s3").mkdir(parents=True)
    with pytest.raises(PackagingError, match="no model for sagemaker, sagemaker-runtime, sts"):
        pa.prune_botocore_data(tmp_path)


def test_cli_builds_from_installed_and_reports_size(tmp_path):
    output = tmp_path / "sme_runtime.tar.gz"
    result = CliRunner().invoke(pa.main, ["--output", str(output), "--from-installed"])
    assert result.exit_code == 0, result.output
    assert output.is_file()
    assert f"Wrote {output} (" in result.output and "MiB, botocore models pruned" in result.output
    assert "boto3 " in result.output and "botocore " in result.output


def test_cli_turns_a_packaging_error_into_one_clear_message(tmp_path, monkeypatch):
    def refuse(*args, **kwargs) -> ArchiveInfo:
        raise PackagingError("the distribution fastpkg 1.0 contains the compiled file x.so", "Use the SLC.")

    monkeypatch.setattr(pa, "build_package_archive", refuse)
    result = CliRunner().invoke(pa.main, ["--output", str(tmp_path / "x.tar.gz")])
    assert result.exit_code == 1
    assert "E-SME-" in result.output and "fastpkg 1.0 contains the compiled file x.so" in result.output
    assert "Traceback" not in result.output


def test_pip_mode_installs_only_wheels_without_compiling(tmp_path, monkeypatch):
    calls = []

    class Done:
        returncode, stderr = 0, ""

    monkeypatch.setattr(pa.subprocess, "run", lambda command, **kwargs: calls.append(command) or Done())
    pa.pip_install(["boto3>=1.34,<2"], tmp_path, python_version="3.10")
    command = calls[0]
    assert command[1:4] == ["-m", "pip", "install"]
    assert {"--only-binary=:all:", "--no-compile", "boto3>=1.34,<2"} <= set(command)
    assert command[command.index("--target") + 1] == str(tmp_path)
    assert command[command.index("--python-version") + 1] == "3.10"


def test_pip_mode_failure_says_what_to_do(tmp_path, monkeypatch):
    class Failed:
        returncode, stderr = 1, "ERROR: Could not find a version that satisfies the requirement boto3"

    monkeypatch.setattr(pa.subprocess, "run", lambda command, **kwargs: Failed())
    with pytest.raises(PackagingError, match="pip could not install boto3.*use --from-installed"):
        pa.pip_install(["boto3"], tmp_path)
