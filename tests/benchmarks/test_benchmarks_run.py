"""Each benchmark still runs: --quick, exit code 0, its tables printed. No time is asserted here."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module, tables", [
    ("benchmarks.bench_prediction", ["### Prediction throughput, one UDF instance", "### Parallel UDF instances"]),
    ("benchmarks.bench_udf_startup", ["### Import of each UDF module", "### Prediction UDF set-up per group"]),
    ("benchmarks.bench_runtime_size", ["### Package archive", "### Installed size of the runtime requirements"]),
    ("benchmarks.bench_deploy_and_demo", ["### Deploy and demo wall time"]),
])
def test_each_benchmark_runs_quickly_and_prints_its_tables(module, tables):
    completed = subprocess.run([sys.executable, "-m", module, "--quick"], cwd=REPO_ROOT, capture_output=True,
                               text=True, timeout=600)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    for title in tables:
        assert title in completed.stdout
        table = completed.stdout.split(title, 1)[1]
        assert "\n|--" in table or "\n|-" in table
    assert "Machine: " in completed.stdout
