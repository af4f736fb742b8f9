"""AnalyzingData: check that the data can be learned from, settle problem type, objective and features."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from exasol_sagemaker_extension.local.autopilot.dataset import DataError, Dataset
from exasol_sagemaker_extension.local.autopilot.metrics import REGRESSION, default_objective
from exasol_sagemaker_extension.local.autopilot.model_artifact import (CATEGORICAL, IGNORED, NUMERIC, Feature,
                                                                       parse_number)
from exasol_sagemaker_extension.local.autopilot.problem_type import (ProblemTypeError, check_problem_type,
                                                                     infer_problem_type)

# AWS: "A minimum of 500 rows is required for the training dataset" (CreateAutoMLJob InputDataConfig).
MIN_ROWS = 500
_SHOWN_COLUMNS = 10


@dataclass(frozen=True)
class Analysis:
    """What training needs: usable rows split into feature fields and target, and the settled choices."""

    problem_type: str
    problem_type_inferred: bool
    objective: str
    target_name: str
    features: tuple[Feature, ...]
    rows: list[list[str]]
    target: list[str]
    classes: Optional[tuple[str, ...]]


def analyze(dataset: Dataset, target_name: str, problem_type: Optional[str] = None,
            objective: Optional[str] = None, min_rows: int = MIN_ROWS) -> Analysis:
    """The analysis of the data, or DataError with the FailureReason AWS would give."""
    columns = list(dataset.columns)
    duplicates = sorted({name for name in columns if columns.count(name) > 1})
    if duplicates:
        raise DataError(f"ClientError: the header names the column(s) {', '.join(map(repr, duplicates))} "
                        "more than once; column names must be unique.")
    if target_name not in columns:
        shown = ", ".join(repr(name) for name in columns[:_SHOWN_COLUMNS])
        more = f" and {len(columns) - _SHOWN_COLUMNS} more" if len(columns) > _SHOWN_COLUMNS else ""
        raise DataError(f"ClientError: the target column '{target_name}' is not in the header of the training "
                        f"data (columns: {shown}{more}). Target names are case-sensitive.")
    target_index = columns.index(target_name)
    feature_indices = [i for i in range(len(columns)) if i != target_index]
    if not feature_indices:
        raise DataError(f"ClientError: the training data has no feature columns besides the target column "
                        f"'{target_name}'.")
    usable = [row for row in dataset.rows if row[target_index] != ""]
    if len(usable) < min_rows:
        raise DataError(f"ClientError: the training data has {len(usable)} rows with a value in the target "
                        f"column '{target_name}'; Autopilot needs at least {min_rows} rows.")
    target = [row[target_index] for row in usable]
    try:
        if problem_type:
            resolved = check_problem_type(problem_type, target, target_name)
        else:
            resolved = infer_problem_type(target, target_name)
    except ProblemTypeError as error:
        raise DataError(str(error)) from None
    rows = [[row[i] for i in feature_indices] for row in usable]
    features = tuple(Feature(columns[i], feature_kind([row[n] for row in rows]))
                     for n, i in enumerate(feature_indices))
    if all(feature.kind == IGNORED for feature in features):
        raise DataError("ClientError: every feature column of the training data is empty; there is nothing "
                        f"to predict '{target_name}' from.")
    classes = None if resolved == REGRESSION else tuple(sorted(set(target)))
    return Analysis(problem_type=resolved, problem_type_inferred=not problem_type,
                    objective=objective or default_objective(resolved), target_name=target_name,
                    features=features, rows=rows, target=target, classes=classes)


def feature_kind(values: list[str]) -> str:
    """numeric if every non-empty value is a number, ignored if none is non-empty, else categorical."""
    present = [value for value in values if value != ""]
    if not present:
        return IGNORED
    return NUMERIC if all(parse_number(value) == parse_number(value) for value in present) else CATEGORICAL
