"""UDF start-up: import of each UDF module in a fresh interpreter, and the prediction UDF's cost per group.

    python -m benchmarks.bench_udf_startup [--quick]

- import: a fresh ``python -c`` per sample imports ``exasol_sagemaker_extension.udfs.<module>`` and
  prints the time the import took (the interpreter's own start is shown beside it, not included);
  the best and the median of the samples. Target: under 0.3 s.
- set-up per group: the prediction UDF instance is built and has run once (its runtime client exists,
  as after an instance's first group); then ``run(ctx)`` is called on one-row groups. Once with a
  zero-cost in-process transport (pure set-up: reader, batching, parsing, the emitted frame) and once
  against the local HTTP endpoint (one real request per group on top). Target: under 20 ms.
- first group: building the UDF instance and its AWS client at the first ``run`` (once per instance).
- beside them, the import time of numpy, pandas, botocore and boto3 alone, which explains most of it.
- import from the package archive as deployed (unpacked; nothing written next to it, as BucketFS is
  read-only), built with and without bytecode: without it, Python compiles boto3 and botocore from
  source at every start.
- the prediction UDFs import pandas and numpy at their first group, where Exasol's ``get_dataframe``
  imports them anyway: their import plus pandas is shown too, what an instance's start really costs.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Optional, Sequence

from benchmarks.harness import (REPO_ROOT, EndpointProcess, InMemoryContext, InstantRuntimeClient,
                                build_frame, build_udf, http_client_factory, machine_description,
                                print_table)

UDF_PACKAGE_DIR = REPO_ROOT / "udfs"
HELPER_MODULES = frozenset({"__init__", "aws_connection", "aws_udf"})  # imported by the UDFs, no UDF of their own
IMPORT_TARGET_SECONDS = 0.3
GROUP_TARGET_MS = 20.0
_IMPORT_PROBE = ("import time; started = time.perf_counter(); import {module}; "
                 "print(time.perf_counter() - started)")
PREDICTION_MODULES = ("prediction_udf", "endpoint_prediction_udf")


QUICK_MODULES = ("prediction_udf", "training_udf")
DEPENDENCIES = ("numpy", "pandas", "botocore.session", "boto3")


def udf_modules(quick: bool = False) -> list:
    if quick:
        return list(QUICK_MODULES)
    return sorted(path.stem for path in UDF_PACKAGE_DIR.glob("*.py") if path.stem not in HELPER_MODULES)


def import_seconds(module: str) -> tuple:
    """(seconds the import took, seconds the whole fresh interpreter took) for one sample."""
    started = time.perf_counter()
    output = subprocess.run([sys.executable, "-c", _IMPORT_PROBE.format(module=module)], check=True,
                            capture_output=True, text=True, cwd=REPO_ROOT).stdout
    return float(output.strip().splitlines()[-1]), time.perf_counter() - started


def measure_imports(samples: int, quick: bool = False) -> list:
    # warm-up: bytecode of every UDF module written (as an installed package has it), files in the page cache
    warm_up = "; ".join(f"import exasol_sagemaker_extension.udfs.{name}" for name in udf_modules(quick))
    subprocess.run([sys.executable, "-c", warm_up], check=True, cwd=REPO_ROOT, env=_writing_bytecode())
    rows = []
    for name in udf_modules(quick):
        module = f"exasol_sagemaker_extension.udfs.{name}"
        runs = [import_seconds(module) for _ in range(samples)]
        imports = [seconds for seconds, _ in runs]
        total = statistics.median(seconds for _, seconds in runs)
        best, median = min(imports), statistics.median(imports)
        rows.append((name, best, median, total, "met" if median < IMPORT_TARGET_SECONDS else "missed"))
    return rows


def _writing_bytecode() -> dict:
    """The environment with bytecode writing allowed (PYTHONDONTWRITEBYTECODE would recompile every time)."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def archive_import_seconds(directory: Path, module: str) -> float:
    """Import time of a module from an unpacked archive put first on sys.path, writing no bytecode."""
    probe = (f"import sys, time; sys.path.insert(0, {str(directory)!r}); started = time.perf_counter(); "
             f"import {module}; print(time.perf_counter() - started)")
    output = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                            cwd=directory, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}).stdout
    return float(output.strip().splitlines()[-1])


def measure_archive_imports(samples: int) -> list:
    """Import of two UDF modules from the deployed archive, with and without the archive's bytecode."""
    from exasol_sagemaker_extension.deployment.package_archive import build_package_archive
    rows = []
    with tempfile.TemporaryDirectory(prefix="sme_bench_archive_") as tmp:
        unpacked = {}
        for bytecode in (False, True):
            info = build_package_archive(Path(tmp) / f"runtime_{bytecode}.tar.gz", from_installed=True,
                                         bytecode=bytecode)
            unpacked[bytecode] = Path(tmp) / f"runtime_{bytecode}"
            with tarfile.open(info.path) as tar:
                tar.extractall(unpacked[bytecode], filter="data")
        for name in QUICK_MODULES:
            module = f"exasol_sagemaker_extension.udfs.{name}"
            without, with_ = ([archive_import_seconds(unpacked[bytecode], module) for _ in range(samples)]
                              for bytecode in (False, True))
            median = statistics.median(with_)
            rows.append((name, statistics.median(without), median,
                         "met" if median < IMPORT_TARGET_SECONDS else "missed"))
    return rows


def measure_with_pandas(samples: int) -> list:
    """Import of each prediction UDF module followed by pandas, as its first group has it."""
    rows = []
    for name in PREDICTION_MODULES:
        alone = [import_seconds(f"exasol_sagemaker_extension.udfs.{name}")[0] for _ in range(samples)]
        together = [import_seconds(f"exasol_sagemaker_extension.udfs.{name}, pandas")[0] for _ in range(samples)]
        rows.append((name, statistics.median(alone), statistics.median(together)))
    return rows


def measure_dependencies(samples: int) -> list:
    """Import time of the heavy third-party modules the UDFs pull in, each in a fresh interpreter."""
    rows = []
    for module in DEPENDENCIES:
        imports = [import_seconds(module)[0] for _ in range(samples)]
        rows.append((module, min(imports), statistics.median(imports)))
    return rows


def per_group_ms(factory, groups: int, columns: int) -> float:
    frame, sql_type = build_frame("numeric", 1, columns)
    udf = build_udf(columns, sql_type, factory)
    udf.run(InMemoryContext(frame))
    timings = []
    for _ in range(groups):
        ctx = InMemoryContext(frame)
        started = time.perf_counter()
        udf.run(ctx)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def first_group_ms(url: str, columns: int) -> float:
    frame, sql_type = build_frame("numeric", 1, columns)
    started = time.perf_counter()
    build_udf(columns, sql_type, http_client_factory(url)).run(InMemoryContext(frame))
    return (time.perf_counter() - started) * 1000


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="one sample of two modules, fewer groups: a smoke run")
    options = parser.parse_args(argv)
    samples, groups = (1, 20) if options.quick else (7, 300)
    print(f"Machine: {machine_description()}")
    print_table(f"Import of each UDF module in a fresh interpreter ({samples} samples; target < "
                f"{IMPORT_TARGET_SECONDS} s)",
                ["module", "import s (best)", "import s (median)", "whole interpreter s (median)", "target"],
                measure_imports(samples, options.quick))
    print_table(f"Import from the package archive as deployed, unpacked and read-only ({samples} samples; "
                f"target < {IMPORT_TARGET_SECONDS} s)",
                ["module", "import s without bytecode (median)", "import s with the archive's bytecode (median)",
                 "target"], measure_archive_imports(samples))
    print_table(f"Prediction UDFs: import, and import followed by pandas as at their first group ({samples} "
                "samples; Exasol's get_dataframe imports pandas and numpy)",
                ["module", "import s (median)", "import + pandas s (median)"], measure_with_pandas(samples))
    print_table(f"Import of the UDFs' heavy dependencies alone, fresh interpreter each ({samples} samples)",
                ["module", "import s (best)", "import s (median)"], measure_dependencies(samples))
    rows = []
    with EndpointProcess() as endpoint:
        for columns in (1, 10, 100):
            instant = per_group_ms(lambda *_: InstantRuntimeClient(), groups, columns)
            http = per_group_ms(http_client_factory(endpoint.url), groups, columns)
            first = first_group_ms(endpoint.url, columns)
            rows.append((columns, instant, http, first,
                         "met" if instant < GROUP_TARGET_MS else "missed"))
    print_table(f"Prediction UDF set-up per group (one-row groups, median of {groups}; target < "
                f"{GROUP_TARGET_MS:.0f} ms)",
                ["input columns", "ms per group (zero-cost transport)", "ms per group (local HTTP endpoint)",
                 "first group ms (instance + AWS client)", "target"], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
