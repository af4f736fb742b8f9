"""AnalyzingData: the checks a job fails with, and the problem type, objective and features it settles."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension.local.autopilot.analysis import MIN_ROWS, analyze, feature_kind
from exasol_sagemaker_extension.local.autopilot.dataset import DataError, Dataset
from exasol_sagemaker_extension.local.autopilot.model_artifact import CATEGORICAL, IGNORED, NUMERIC, Feature


def dataset(header, rows):
    return Dataset(tuple(header), [list(row) for row in rows], ("part-1.csv",))


ROWS = [[str(i), "a" if i % 3 else "b", "", str(i % 2)] for i in range(MIN_ROWS)]
GOOD = dataset(["n", "t", "empty", "y"], ROWS)


def test_autopilots_documented_minimum_is_500_rows():
    assert MIN_ROWS == 500


def test_the_analysis_infers_the_problem_type_and_uses_its_default_objective():
    analysis = analyze(GOOD, "y")
    assert (analysis.problem_type, analysis.problem_type_inferred, analysis.objective) == (
        "BinaryClassification", True, "F1")
    assert analysis.classes == ("0", "1")
    assert analysis.features == (Feature("n", NUMERIC), Feature("t", CATEGORICAL), Feature("empty", IGNORED))


def test_the_given_problem_type_and_objective_are_kept():
    analysis = analyze(GOOD, "y", "MulticlassClassification", "BalancedAccuracy")
    assert (analysis.problem_type, analysis.problem_type_inferred, analysis.objective) == (
        "MulticlassClassification", False, "BalancedAccuracy")


def test_rows_without_a_target_value_are_left_out():
    data = dataset(["n", "y"], [[str(i), "" if i % 2 else str(i % 4)] for i in range(2 * MIN_ROWS)])
    analysis = analyze(data, "y")
    assert len(analysis.rows) == MIN_ROWS and "" not in analysis.target


@pytest.mark.parametrize("data, target, message", [
    (dataset(["n", "y"], [[str(i), ""] for i in range(2 * MIN_ROWS)]), "y", "has 0 rows with a value"),
    (dataset(["n", "t", "e", "y"], ROWS[:MIN_ROWS - 1]), "y", f"has {MIN_ROWS - 1} rows with a value in the "
                                                             f"target column 'y'; Autopilot needs at least 500"),
    (GOOD, "Y", "the target column 'Y' is not in the header .*'n', 't', 'empty', 'y'.*case-sensitive"),
    (dataset(["y"], [["1"]] * MIN_ROWS), "y", "no feature columns besides the target column 'y'"),
    (dataset(["n", "y"], [[str(i), "1"] for i in range(MIN_ROWS)]), "y", "1 distinct value .*at least 2"),
    (dataset(["e", "y"], [["", str(i % 2)] for i in range(MIN_ROWS)]), "y", "every feature column .* is empty"),
    (dataset(["y", "y"], [["1", "0"]] * MIN_ROWS), "y", "'y' more than once"),
])
def test_unusable_data_fails_with_a_client_error_naming_the_cause(data, target, message):
    with pytest.raises(DataError, match=message) as raised:
        analyze(data, target)
    assert str(raised.value).startswith("ClientError: ")


def test_a_given_problem_type_the_target_does_not_fit_fails_the_analysis():
    with pytest.raises(DataError, match="BinaryClassification needs exactly 2"):
        analyze(dataset(["n", "y"], [[str(i), str(i % 3)] for i in range(MIN_ROWS)]), "y", "BinaryClassification", "F1")


@pytest.mark.parametrize("values, kind", [
    (["1", "2.5", "", "-3e2"], NUMERIC), (["1", "0", "1"], NUMERIC), (["1", "x", ""], CATEGORICAL),
    (["", ""], IGNORED), (["NaN?", "b"], CATEGORICAL),
])
def test_a_feature_is_numeric_when_every_value_is_a_number(values, kind):
    assert feature_kind(values) == kind
