"""Small models in the local Autopilot's file format, trained as the local Autopilot trains them."""
from __future__ import annotations

from typing import Any, Optional, Sequence

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from exasol_sagemaker_extension.local.autopilot.model_artifact import (CATEGORICAL, NUMERIC, Feature,
                                                                       LocalModel, column_label,
                                                                       feature_frame)


def train(problem_type: str, features: Sequence[Feature], rows: list[list[str]], targets: list,
          estimator: Any, classes: Optional[tuple[str, ...]] = None) -> LocalModel:
    """A model as the local Autopilot saves it: impute (+ one-hot) then ``estimator``."""
    numeric = [column_label(i) for i, f in enumerate(features) if f.kind == NUMERIC]
    categorical = [column_label(i) for i, f in enumerate(features) if f.kind == CATEGORICAL]
    steps = []
    if numeric:
        steps.append(("numeric", SimpleImputer(strategy="median"), numeric))
    if categorical:
        steps.append(("categorical", Pipeline([
            ("impute", SimpleImputer(strategy="constant", fill_value="(missing)")),
            ("one_hot", OneHotEncoder(handle_unknown="ignore", sparse_output=False))]), categorical))
    pipeline = Pipeline([("preprocess", ColumnTransformer(steps)), ("model", estimator)])
    pipeline.fit(feature_frame(rows, features), np.asarray(targets, dtype=object if classes else float))
    return LocalModel(problem_type, "target", tuple(features), pipeline, classes=classes)
