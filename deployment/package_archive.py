"""Build a pure-Python package archive (.tar.gz) for Exasol's built-in Python 3 (``builtin_python3``).

The archive holds this package (core + ``udfs``, laid out as installed) and its runtime dependencies,
resolved from ``exasol_sagemaker_extension.runtime_requirements``. Uploaded to BucketFS, it is unpacked
next to itself; UDFs put :func:`archive_python_path` on ``sys.path``. Nothing platform-specific may go
in: every distribution must be a pure ``py3-none-any`` wheel without compiled files.

Bytecode: BucketFS is read-only, so a database's Python can never write ``__pycache__`` there and
would compile boto3 and botocore from source at every UDF start (about 0.6 s of a 1 s import here).
The archive therefore carries bytecode compiled by the building interpreter, hash-based and unchecked
(valid whatever the unpacked files' times), in ``__pycache__`` under that interpreter's tag: a database
Python of the same version uses it, any other ignores it. Copied caches are never archived.

    python -m exasol_sagemaker_extension.deployment.package_archive --output sme_runtime.tar.gz
"""
from __future__ import annotations

import compileall
import gzip
import importlib.util
import json
import py_compile
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Iterable, Optional, Sequence

import click
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import DeploymentError
from exasol_sagemaker_extension.runtime_requirements import RUNTIME_REQUIREMENTS

PACKAGE = "exasol_sagemaker_extension"
# the parts needed inside the database; deployment/, lua/ and local/ stay outside
PACKAGE_PARTS = (PACKAGE, f"{PACKAGE}.udfs")
LEFT_OUT_SUBPACKAGES = frozenset({"deployment", "lua", "local", "udfs"})
# BucketFS unpacks these archive types; the extracted directory is the name without the suffix
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".zip")
BINARY_SUFFIXES = (".so", ".pyd", ".dylib", ".dll")
EXCLUDED_DIRS = frozenset({"__pycache__", "tests"})
EXCLUDED_METADATA = frozenset({"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"})
# the AWS services the UDFs call; a pruned botocore keeps only these models
BOTOCORE_SERVICES = ("sagemaker", "sagemaker-runtime", "s3", "sts")
MANIFEST_NAME = "sme_archive_manifest.json"


class PackagingError(DeploymentError):
    """The package archive could not be built."""

    def __init__(self, message: str, mitigation: str):
        super().__init__(error_codes.RUNTIME_ARCHIVE_FAILED, message, mitigation)


@dataclass(frozen=True)
class ArchiveInfo:
    """What was written: the archive, its size in bytes and the distributions it holds."""

    path: Path
    size_bytes: int
    distributions: tuple[str, ...] = field(default_factory=tuple)
    pruned_botocore: bool = False
    bytecode_tag: Optional[str] = None  # the Python the archive's bytecode is for; None: none inside

    @property
    def size_text(self) -> str:
        """Size for people, in MiB."""
        return f"{self.size_bytes / 2**20:.1f} MiB"


def archive_python_path(bucketfs_name: str, bucket: str, path_in_bucket: str, archive_name: str) -> str:
    """Directory a UDF puts on sys.path: where BucketFS unpacks <archive_name> uploaded to path_in_bucket."""
    name = PurePosixPath(archive_name).name
    for suffix in ARCHIVE_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    parts = [p for p in PurePosixPath(path_in_bucket.strip("/")).parts if p not in ("", ".")]
    return str(PurePosixPath("/buckets", bucketfs_name, bucket, *parts, name))


def build_package_archive(output_path: str | Path, from_installed: bool = False, prune_botocore: bool = True,
                          requirements: Optional[Sequence[str]] = None, python_version: Optional[str] = None,
                          search_path: Optional[Sequence[str]] = None,
                          bytecode: bool = True) -> ArchiveInfo:
    """Write a .tar.gz with this package (core + udfs) and its pure-Python runtime dependencies.

    ``bytecode``: add bytecode for this interpreter, unless ``python_version`` names another one.
    """
    output = Path(output_path)
    if not output.name.endswith((".tar.gz", ".tgz")):
        raise PackagingError(f"the archive name {output.name!r} does not end with .tar.gz",
                             "Name the output <name>.tar.gz; BucketFS unpacks it into <name>/.")
    requirements = list(RUNTIME_REQUIREMENTS if requirements is None else requirements)
    with tempfile.TemporaryDirectory(prefix="sme_archive_") as tmp:
        staging = Path(tmp) / "content"
        staging.mkdir()
        if from_installed:
            copy_installed_distributions(requirements, staging, search_path)
        else:
            pip_install(requirements, staging, python_version)
        check_pure_python(staging)
        if python_version:
            check_python_version(staging, python_version)
        if prune_botocore:
            prune_botocore_data(staging)
        copy_package(staging)
        remove_caches(staging)
        tag = bytecode_tag(python_version) if bytecode else None
        if tag:
            compile_bytecode(staging)
        distributions = installed_distribution_names(staging)
        write_manifest(staging, distributions, prune_botocore, tag)
        output.parent.mkdir(parents=True, exist_ok=True)
        write_tar_gz(staging, output)
    return ArchiveInfo(output, output.stat().st_size, tuple(distributions), prune_botocore, tag)


def bytecode_tag(python_version: Optional[str]) -> Optional[str]:
    """The cache tag (``cpython-311``) bytecode built here carries, or None if it would not fit the database."""
    if python_version and python_version != "%d.%d" % sys.version_info[:2]:
        return None
    return sys.implementation.cache_tag


def remove_caches(root: Path) -> None:
    """Delete every ``__pycache__`` folder and ``.pyc`` file copied from an installation."""
    for folder in sorted(root.rglob("__pycache__"), reverse=True):
        shutil.rmtree(folder)
    for stale in root.rglob("*.pyc"):
        stale.unlink()


def compile_bytecode(root: Path) -> None:
    """Compile every module under root, hash-based and unchecked, into ``__pycache__``."""
    compiled = compileall.compile_dir(str(root), quiet=2, workers=1, ddir=".",
                                      invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    if not compiled:
        raise PackagingError("a module of the archive does not compile with this Python",
                             "Build with --no-bytecode, or with a Python the dependencies support.")


def pip_install(requirements: Sequence[str], target: Path, python_version: Optional[str] = None) -> None:
    """Install wheels of the requirements into target with pip, in a subprocess."""
    if not requirements:
        return
    command = [sys.executable, "-m", "pip", "install", "--target", str(target), "--only-binary=:all:",
               "--no-compile", "--disable-pip-version-check", "--no-input", "--quiet"]
    if python_version:
        command += ["--python-version", python_version]
    result = subprocess.run(command + list(requirements), capture_output=True, text=True)
    if result.returncode != 0:
        raise PackagingError(f"pip could not install {' '.join(requirements)}: "
                             f"{result.stderr.strip()[-2000:]}",
                             "Check that PyPI (or your index) is reachable, or use --from-installed.")
    shutil.rmtree(target / "bin", ignore_errors=True)


def resolve_installed(requirements: Sequence[str],
                      search_path: Optional[Sequence[str]] = None) -> list[metadata.Distribution]:
    """The installed distributions the requirements need, dependencies included (extras left out)."""
    found: dict[str, metadata.Distribution] = {}
    pending = [Requirement(text) for text in requirements]
    while pending:
        requirement = pending.pop(0)
        key = canonicalize_name(requirement.name)
        if key in found or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        dist = _installed(requirement.name, search_path)
        if dist is None:
            raise PackagingError(f"the runtime requirement {requirement} is not installed",
                                 "Install the extension with its dependencies, or build without --from-installed.")
        if not requirement.specifier.contains(dist.version, prereleases=True):
            raise PackagingError(f"{dist.metadata['Name']} {dist.version} is installed, "
                                 f"but {requirement} is required",
                                 "Upgrade the environment, or build without --from-installed.")
        found[key] = dist
        pending += [Requirement(text) for text in dist.requires or []]
    return list(found.values())


def _installed(name: str, search_path: Optional[Sequence[str]] = None) -> Optional[metadata.Distribution]:
    """The distribution of that name on search_path (default: sys.path), or None."""
    path = list(sys.path if search_path is None else search_path)
    return next(iter(metadata.distributions(name=name, path=path)), None)


def copy_installed_distributions(requirements: Sequence[str], target: Path,
                                 search_path: Optional[Sequence[str]] = None) -> None:
    """Copy the files (RECORD) of the installed distributions the requirements need into target."""
    for dist in resolve_installed(requirements, search_path):
        if not dist.files:
            raise PackagingError(f"{dist.metadata['Name']} {dist.version} has no RECORD of its files",
                                 "Reinstall it with pip, or build without --from-installed.")
        root = Path(str(dist.locate_file(""))).resolve()
        for record_path in dist.files:
            source = Path(str(dist.locate_file(record_path))).resolve()
            if not source.is_file() or not source.is_relative_to(root):
                continue  # scripts in bin/, or files the RECORD lists but pruning tools removed
            destination = target / source.relative_to(root)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def check_pure_python(root: Path) -> None:
    """Raise if a distribution under root is not a pure-Python wheel or holds a compiled file."""
    owners = _file_owners(root)
    for dist_info in sorted(root.glob("*.dist-info")):
        name = _dist_name(dist_info)
        wheel = dist_info / "WHEEL"
        fields = _read_fields(wheel) if wheel.is_file() else {}
        purelib = [value.lower() for value in fields.get("Root-Is-Purelib", [])]
        bad_tags = [tag for tag in fields.get("Tag", []) if not _is_pure_tag(tag)]
        if purelib != ["true"] or not fields.get("Tag") or bad_tags:
            raise PackagingError(
                f"the distribution {name} is not pure Python (WHEEL: Root-Is-Purelib "
                f"{purelib or 'missing'}, tags {fields.get('Tag') or 'missing'})",
                "Exasol's built-in Python cannot load platform-specific packages: "
                "use the script-language container (language_container/README.md) instead.")
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name.lower().endswith(BINARY_SUFFIXES):
            relative = path.relative_to(root).as_posix()
            owner = owners.get(relative, relative.split("/")[0])
            raise PackagingError(
                f"the distribution {owner} contains the compiled file {relative}",
                "Exasol's built-in Python cannot load platform-specific packages: "
                "use the script-language container (language_container/README.md) instead.")


def check_python_version(root: Path, python_version: str) -> None:
    """Raise if a distribution under root (or this package) does not support the database's Python."""
    own = _installed(PACKAGE.replace("_", "-"))
    required = [(_dist_name(d), _read_fields(d / "METADATA").get("Requires-Python", [""])[0])
                for d in sorted(root.glob("*.dist-info")) if (d / "METADATA").is_file()]
    if own is not None:
        required.append((f"{own.metadata['Name']} {own.version}", own.metadata.get("Requires-Python") or ""))
    for name, specifier in required:
        if specifier and not SpecifierSet(specifier).contains(python_version, prereleases=True):
            raise PackagingError(f"{name} needs Python {specifier}, the database's Python is {python_version}",
                                 "Build with pip for that version (--python-version without --from-installed), "
                                 "or use the script-language container.")


def _is_pure_tag(tag: str) -> bool:
    """True for wheel tags like py3-none-any or py2.py3-none-any."""
    parts = tag.strip().split("-")
    return (len(parts) == 3 and parts[1] == "none" and parts[2] == "any"
            and all(python.startswith("py") for python in parts[0].split(".")))


def _read_fields(path: Path) -> dict[str, list[str]]:
    """The 'Key: value' lines of a metadata file, values grouped by key."""
    fields: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields.setdefault(key.strip(), []).append(value.strip())
    return fields


def _dist_name(dist_info: Path) -> str:
    """Name and version of a distribution, from its METADATA or else from its directory name."""
    meta = dist_info / "METADATA"
    fields = _read_fields(meta) if meta.is_file() else {}
    if fields.get("Name") and fields.get("Version"):
        return f"{fields['Name'][0]} {fields['Version'][0]}"
    return dist_info.name[: -len(".dist-info")]


def _file_owners(root: Path) -> dict[str, str]:
    """Map each file listed in a RECORD under root to its distribution's name and version."""
    owners: dict[str, str] = {}
    for record in root.glob("*.dist-info/RECORD"):
        name = _dist_name(record.parent)
        for line in record.read_text(encoding="utf-8").splitlines():
            owners[line.split(",")[0]] = name
    return owners


def installed_distribution_names(root: Path) -> list[str]:
    """'name version' of every distribution under root."""
    return [_dist_name(dist_info) for dist_info in sorted(root.glob("*.dist-info"))]


def prune_botocore_data(root: Path, services: Iterable[str] = BOTOCORE_SERVICES) -> None:
    """Drop botocore's models of all services but the given ones; keep its top-level data files."""
    data = root / "botocore" / "data"
    if not data.is_dir():
        return
    services = set(services)
    missing = sorted(service for service in services if not (data / service).is_dir())
    if missing:
        raise PackagingError(f"botocore's data holds no model for {', '.join(missing)}",
                             "Build with --no-prune-botocore and report the botocore version.")
    for entry in data.iterdir():
        if entry.is_dir() and entry.name not in services:
            shutil.rmtree(entry)


def copy_package(target: Path) -> None:
    """Copy this package's in-database parts (core + udfs) from where they are installed."""
    for module in PACKAGE_PARTS:
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            raise PackagingError(f"the package {module} is not installed", "Install the extension first.")
        source = Path(list(spec.submodule_search_locations)[0])
        destination = target.joinpath(*module.split("."))
        skip = LEFT_OUT_SUBPACKAGES if module == PACKAGE else frozenset()
        shutil.copytree(source, destination, dirs_exist_ok=True,
                        ignore=lambda folder, names, skip=skip, top=source: [
                            n for n in names if n in EXCLUDED_DIRS or n.endswith(".pyc")
                            or (Path(folder) == top and n in skip)])


def write_manifest(root: Path, distributions: Sequence[str], pruned: bool,
                   bytecode_tag: Optional[str] = None) -> None:
    """Record what the archive holds, for people and for a deploy-time check."""
    version = _installed(PACKAGE.replace("_", "-"))
    manifest = {"package": PACKAGE, "version": version.version if version else None,
                "distributions": list(distributions), "runtime_requirements": list(RUNTIME_REQUIREMENTS),
                "botocore_services": list(BOTOCORE_SERVICES) if pruned else "all",
                "bytecode": bytecode_tag}
    (root / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _archived(path: PurePosixPath) -> bool:
    """False for files that never go into the archive (tests, install records); bytecode only as compiled."""
    if "tests" in path.parts or (path.suffix == ".pyc" and path.parent.name != "__pycache__"):
        return False
    return not (path.parent.name.endswith(".dist-info") and path.name in EXCLUDED_METADATA)


def write_tar_gz(root: Path, output: Path) -> None:
    """Write root's content as a reproducible .tar.gz (sorted, no owners, fixed times)."""
    with open(output, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as zipped, \
            tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = PurePosixPath(path.relative_to(root).as_posix())
            if not _archived(relative):
                continue
            info = tar.gettarinfo(str(path), arcname=str(relative))
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = 0
            info.mode = 0o644
            with open(path, "rb") as handle:
                tar.addfile(info, handle)


@click.command(name="package-archive", help=(
    "Build a .tar.gz with this package and its pure-Python runtime dependencies for Exasol's built-in "
    "Python 3. Upload it to BucketFS; the UDFs import it from where BucketFS unpacks it."))
@click.option("--output", required=True, type=click.Path(dir_okay=False),
              help="Archive to write, <name>.tar.gz.")
@click.option("--from-installed", is_flag=True,
              help="Copy the distributions installed here instead of running pip (offline, fast).")
@click.option("--prune-botocore-data/--no-prune-botocore-data", "prune", default=True, show_default=True,
              help="Keep only botocore's models of " + ", ".join(BOTOCORE_SERVICES) + ".")
@click.option("--python-version", default=None,
              help="Python version of the database's built-in Python 3, e.g. 3.10: pip selects wheels "
                   "for it, and every distribution must support it.")
@click.option("--bytecode/--no-bytecode", default=True, show_default=True,
              help="Add bytecode compiled by this Python (used by a database Python of the same version; "
                   "left out when --python-version names another).")
def main(output: str, from_installed: bool, prune: bool, python_version: Optional[str], bytecode: bool) -> None:
    """Command line: build the archive and report its size."""
    try:
        info = build_package_archive(output, from_installed=from_installed, prune_botocore=prune,
                                     python_version=python_version, bytecode=bytecode)
    except PackagingError as error:
        raise click.ClickException(error.text) from None
    compiled = f"bytecode for {info.bytecode_tag}" if info.bytecode_tag else "no bytecode"
    click.echo(f"Wrote {info.path} ({info.size_text}, botocore models "
               f"{'pruned' if info.pruned_botocore else 'complete'}, {compiled}): {', '.join(info.distributions)}")


if __name__ == "__main__":
    main()
