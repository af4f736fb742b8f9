"""Importing a prediction UDF leaves pandas and numpy to its first group, where Exasol imports them anyway."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("module", ["prediction_udf", "endpoint_prediction_udf"])
def test_importing_a_prediction_udf_does_not_import_pandas_or_numpy(module):
    probe = (f"import sys, exasol_sagemaker_extension.udfs.{module}; "
             "print(sorted(name for name in ('pandas', 'numpy') if name in sys.modules))")
    output = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                            cwd=REPO_ROOT).stdout
    assert output.strip() == "[]"
