"""The worker's pause per status and minimum rows: given value, else the variable, else the default."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension.local.autopilot.worker import (MIN_ROWS_VARIABLE, PHASE_SECONDS_VARIABLE,
                                                               AutopilotWorker)


@pytest.mark.parametrize("given, variables, expected", [
    ({}, {}, (1.0, 500)),
    ({}, {PHASE_SECONDS_VARIABLE: "0.25", MIN_ROWS_VARIABLE: "100"}, (0.25, 100)),
    ({"phase_seconds": 0.0, "min_rows": 20}, {PHASE_SECONDS_VARIABLE: "3", MIN_ROWS_VARIABLE: "100"}, (0.0, 20)),
    ({}, {PHASE_SECONDS_VARIABLE: "soon", MIN_ROWS_VARIABLE: ""}, (1.0, 500)),
    ({}, {PHASE_SECONDS_VARIABLE: "-2", MIN_ROWS_VARIABLE: "0"}, (0.0, 1)),
])
def test_settings_come_from_the_constructor_then_the_variables_then_the_defaults(monkeypatch, given, variables,
                                                                                  expected):
    for name in (PHASE_SECONDS_VARIABLE, MIN_ROWS_VARIABLE):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert AutopilotWorker(**given).settings() == expected
