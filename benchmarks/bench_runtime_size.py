"""Size of what the extension ships into the database for its UDFs.

    python -m benchmarks.bench_runtime_size [--quick] [--from-pypi]

- the package archive of ``deployment/package_archive.py`` (this package's core and UDFs plus the
  runtime requirements, botocore's models pruned to the services the UDFs call, as the deploy CLI
  uploads it to BucketFS): compressed size and unpacked size (what BucketFS holds after unpacking);
- the same without pruning botocore's models, for comparison (left out with --quick);
- the installed size of each runtime requirement as pip installed it here (its RECORD), i.e. before
  pruning and including compiled caches.

By default the archive is built from the distributions installed here (``--from-installed``: offline,
the versions this environment has); ``--from-pypi`` lets pip fetch the wheels as a deployment would.
Target: under 40 MB shipped (the unpacked archive).
"""
from __future__ import annotations

import argparse
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Optional, Sequence

from benchmarks.harness import machine_description, print_table
from exasol_sagemaker_extension.deployment.package_archive import build_package_archive, resolve_installed
from exasol_sagemaker_extension.runtime_requirements import RUNTIME_REQUIREMENTS

TARGET_BYTES = 40 * 1000 * 1000
MB = 1000 * 1000


def archive_row(label: str, prune: bool, from_installed: bool, folder: Path) -> tuple:
    started = time.perf_counter()
    info = build_package_archive(folder / f"sme_runtime_{int(prune)}.tar.gz", from_installed=from_installed,
                                 prune_botocore=prune)
    seconds = time.perf_counter() - started
    with tarfile.open(info.path) as tar:
        members = [member for member in tar.getmembers() if member.isfile()]
    unpacked = sum(member.size for member in members)
    return (label, info.size_bytes / MB, unpacked / MB, len(members), ", ".join(info.distributions), seconds,
            "met" if unpacked < TARGET_BYTES else "missed")


def installed_rows() -> list:
    rows = []
    for dist in sorted(resolve_installed(RUNTIME_REQUIREMENTS), key=lambda d: d.metadata["Name"].lower()):
        files = [dist.locate_file(file) for file in dist.files or []]
        sizes = [Path(path).stat().st_size for path in files if Path(path).is_file()]
        rows.append((dist.metadata["Name"], dist.version, sum(sizes) / MB, len(sizes)))
    rows.append(("total", "", sum(row[2] for row in rows), sum(row[3] for row in rows)))
    return rows


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the pruned archive: a smoke run")
    parser.add_argument("--from-pypi", action="store_true", help="let pip fetch the wheels (needs PyPI)")
    options = parser.parse_args(argv)
    print(f"Machine: {machine_description()}")
    from_installed = not options.from_pypi
    with tempfile.TemporaryDirectory(prefix="sme-bench-size-") as tmp:
        variants = [("archive, botocore pruned (deployed)", True)]
        if not options.quick:
            variants.append(("archive, botocore not pruned", False))
        rows = [archive_row(label, prune, from_installed, Path(tmp)) for label, prune in variants]
    print_table(f"Package archive ({'from PyPI' if options.from_pypi else 'from the installed distributions'}; "
                f"target < {TARGET_BYTES // MB} MB unpacked)",
                ["archive", "compressed MB", "unpacked MB", "files", "distributions", "build s", "target"], rows)
    print_table("Installed size of the runtime requirements (pip's RECORD, here)",
                ["distribution", "version", "MB", "files"], installed_rows())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
