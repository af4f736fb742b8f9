"""Archives built once per session from this environment, unpacked, and a clean interpreter to import them."""
from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Optional, Sequence

import numpy
import pandas
import pytest

from exasol_sagemaker_extension.deployment.package_archive import ArchiveInfo, build_package_archive

# the packages Exasol's built-in Python 3 brings and prediction_udf imports; everything else comes from the archive
BUILTIN_PYTHON_PACKAGES = ("numpy", "numpy.libs", "pandas", "pandas.libs", "pytz", "tzdata")


class UnpackedArchive:
    """An archive and the directory BucketFS would unpack it into."""

    def __init__(self, info: ArchiveInfo, directory: Path):
        self.info = info
        self.directory = directory


def _build_and_unpack(root: Path, name: str, prune: bool) -> UnpackedArchive:
    info = build_package_archive(root / f"{name}.tar.gz", from_installed=True, prune_botocore=prune)
    directory = root / name
    with tarfile.open(info.path) as tar:
        tar.extractall(directory, filter="data")
    return UnpackedArchive(info, directory)


@pytest.fixture(scope="session")
def pruned_archive(tmp_path_factory) -> UnpackedArchive:
    return _build_and_unpack(tmp_path_factory.mktemp("archive"), "sme_runtime", prune=True)


@pytest.fixture(scope="session")
def full_archive(tmp_path_factory) -> UnpackedArchive:
    return _build_and_unpack(tmp_path_factory.mktemp("archive_full"), "sme_runtime_full", prune=False)


@pytest.fixture(scope="session")
def builtin_python_standin(tmp_path_factory) -> Path:
    """A directory holding only what Exasol's built-in Python adds to the standard library for us: pandas, numpy."""
    directory = tmp_path_factory.mktemp("builtin_python")
    site = Path(pandas.__file__).parent.parent
    assert Path(numpy.__file__).parent.parent == site
    for name in BUILTIN_PYTHON_PACKAGES:
        if (site / name).exists():
            (directory / name).symlink_to(site / name)
    return directory


def run_clean(code: str, path: Sequence[Path], env: Optional[dict[str, str]] = None) -> dict:
    """Run code in `python -I -S` (no site-packages, no user site, no PYTHON* variables) with only path added.

    The code must print one JSON document last; it is returned.
    """
    prelude = "import sys, json\nsys.path[:0] = %r\n" % [str(p) for p in path]
    result = subprocess.run([sys.executable, "-I", "-S", "-c", prelude + code], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", **(env or {})}, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
