"""``sme-local demo`` runs every step and exits 0; its pieces rate predictions correctly."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension.local import cli, demo


@pytest.mark.parametrize("metric, pairs, expected", [
    ("accuracy", [("a", "a"), ("b", "a"), ("b", "b"), ("a", "a")], 0.75),
    ("accuracy", [], 0.0),
    ("r2", [(1.0, 1.0), (2.0, 2.0), (3.0, 3.0)], 1.0),
    ("r2", [(1.0, 2.0), (2.0, 2.0), (3.0, 2.0)], 0.0),
])
def test_rate_gives_accuracy_or_r2(metric, pairs, expected):
    assert demo.rate(metric, pairs) == pytest.approx(expected)


@pytest.mark.parametrize("dataset, rows, features", [
    (demo.breast_cancer, 569, 30), (demo.digits, 1797, 64), (demo.friedman, 1000, 10),
])
def test_datasets_come_with_scikit_learn_and_leave_autopilot_its_500_training_rows(dataset, rows, features):
    data = dataset()
    assert (len(data.rows), len(data.features)) == (rows, features)
    assert all(len(row) == features + 1 for row in data.rows)
    training_rows = sum(1 for index in range(len(data.rows)) if index % demo.HOLDOUT_EVERY)
    assert training_rows >= 500


def test_demo_command_runs_every_step_and_exits_zero(capsys):
    assert cli.main(["demo"]) == 0
    output = capsys.readouterr().out
    for step in ("installing the extension", "SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT", "Completed",
                 "leaderboard in SME.SME_METADATA_AUTOPILOT_CANDIDATES (4 candidates)",
                 "the best candidate's top features: ", "deploying endpoint", "accuracy on", "deleting endpoint",
                 "demo finished"):
        assert step in output
    ranks = [line.split()[0] for line in output.splitlines() if "-00" in line and " F1 " in line]
    assert ranks == ["1", "2", "3", "4"]
