"""The candidate pipelines of the local Autopilot: scikit-learn families per problem type, the
preprocessing in front of them, the validation split, and training that respects time limits.

Each problem type has ``LOCAL_MAX_CANDIDATES`` (7) candidates, tried in the order listed; a job runs
``min(MaxCandidates, 7)`` of them. Tree ensembles and boosting are fitted in stages (warm start), so
a time limit can stop them between stages, and a stage that would overrun is not begun.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, HistGradientBoostingClassifier,
                              HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import LinearSVC, LinearSVR

from exasol_sagemaker_extension.local.autopilot.metrics import REGRESSION
from exasol_sagemaker_extension.local.autopilot.model_artifact import (CATEGORICAL, NUMERIC, Feature,
                                                                       column_label)

SEED = 0
MAX_CATEGORIES = 50  # one-hot columns per categorical feature; rarer values share one column
MISSING_CATEGORY = "(missing)"


class TimeLimitReached(Exception):
    """Training stopped because a limit was reached; ``limit`` names which one."""

    def __init__(self, limit: str):
        super().__init__(limit)
        self.limit = limit


PER_CANDIDATE = "MaxRuntimePerTrainingJobInSeconds"
PER_JOB = "MaxAutoMLJobRuntimeInSeconds"


@dataclass(frozen=True)
class CandidateSpec:
    """One algorithm setting: how to build its estimator and in how many stages it is fitted."""

    name: str
    algorithm: str
    build: Callable[[], Any]
    stage_parameter: Optional[str] = None  # the size parameter grown in stages (warm start)
    stage_sizes: tuple[int, ...] = ()


def _staged(name: str, algorithm: str, build: Callable[[], Any], parameter: str,
            sizes: tuple[int, ...]) -> CandidateSpec:
    return CandidateSpec(name, algorithm, build, parameter, sizes)


CLASSIFICATION_SPECS: tuple[CandidateSpec, ...] = (
    _staged("hgb", "HistGradientBoostingClassifier",
            lambda: HistGradientBoostingClassifier(random_state=SEED, early_stopping=False, warm_start=True),
            "max_iter", (25, 50, 75, 100)),
    CandidateSpec("logreg", "LogisticRegression", lambda: LogisticRegression(max_iter=2000, C=1.0)),
    _staged("rf", "RandomForestClassifier",
            lambda: RandomForestClassifier(random_state=SEED, warm_start=True, n_jobs=2),
            "n_estimators", (25, 50, 100)),
    _staged("et", "ExtraTreesClassifier",
            lambda: ExtraTreesClassifier(random_state=SEED, warm_start=True, n_jobs=2),
            "n_estimators", (25, 50, 100)),
    _staged("hgb-slow", "HistGradientBoostingClassifier",
            lambda: HistGradientBoostingClassifier(random_state=SEED, early_stopping=False, warm_start=True,
                                                   learning_rate=0.05, max_leaf_nodes=15, l2_regularization=1.0),
            "max_iter", (50, 100, 150, 200)),
    CandidateSpec("knn", "KNeighborsClassifier", lambda: KNeighborsClassifier(n_neighbors=15, weights="distance")),
    CandidateSpec("linear-svm", "LinearSVC",
                  lambda: CalibratedClassifierCV(LinearSVC(C=0.5, random_state=SEED), cv=3)),
)
REGRESSION_SPECS: tuple[CandidateSpec, ...] = (
    _staged("hgb", "HistGradientBoostingRegressor",
            lambda: HistGradientBoostingRegressor(random_state=SEED, early_stopping=False, warm_start=True),
            "max_iter", (25, 50, 75, 100)),
    CandidateSpec("ridge", "Ridge", lambda: Ridge(alpha=1.0)),
    _staged("rf", "RandomForestRegressor",
            lambda: RandomForestRegressor(random_state=SEED, warm_start=True, n_jobs=2),
            "n_estimators", (25, 50, 100)),
    _staged("et", "ExtraTreesRegressor",
            lambda: ExtraTreesRegressor(random_state=SEED, warm_start=True, n_jobs=2),
            "n_estimators", (25, 50, 100)),
    _staged("hgb-slow", "HistGradientBoostingRegressor",
            lambda: HistGradientBoostingRegressor(random_state=SEED, early_stopping=False, warm_start=True,
                                                  learning_rate=0.05, max_leaf_nodes=15, l2_regularization=1.0),
            "max_iter", (50, 100, 150, 200)),
    CandidateSpec("knn", "KNeighborsRegressor", lambda: KNeighborsRegressor(n_neighbors=10, weights="distance")),
    CandidateSpec("linear-svr", "LinearSVR",
                  lambda: TransformedTargetRegressor(LinearSVR(C=1.0, random_state=SEED, max_iter=5000),
                                                     transformer=StandardScaler())),
)
LOCAL_MAX_CANDIDATES = len(CLASSIFICATION_SPECS)


def specs_for(problem_type: str) -> tuple[CandidateSpec, ...]:
    """The candidates of a problem type, in the order they are tried."""
    return REGRESSION_SPECS if problem_type == REGRESSION else CLASSIFICATION_SPECS


def build_preprocessor(features: Sequence[Feature]) -> ColumnTransformer:
    """Numeric: median impute + scale; categorical/text: impute + one-hot (unknown values ignored)."""
    numeric = [column_label(i) for i, feature in enumerate(features) if feature.kind == NUMERIC]
    categorical = [column_label(i) for i, feature in enumerate(features) if feature.kind == CATEGORICAL]
    transformers = []
    if numeric:
        transformers.append(("numeric", Pipeline([
            ("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), numeric))
    if categorical:
        transformers.append(("categorical", Pipeline([
            ("impute", SimpleImputer(strategy="constant", fill_value=MISSING_CATEGORY)),
            ("one_hot", OneHotEncoder(handle_unknown="ignore", max_categories=MAX_CATEGORIES,
                                      sparse_output=False))]), categorical))
    return ColumnTransformer(transformers, remainder="drop", sparse_threshold=0.0)


def split_indices(n_rows: int, labels: Optional[Sequence[str]], validation_fraction: float
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Training and validation row indices: fixed seed, stratified by class where every class allows it."""
    indices = np.arange(n_rows)
    stratify = None
    if labels is not None:
        counts: dict[str, int] = {}
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
        if min(counts.values()) >= 2 and round(n_rows * validation_fraction) >= len(counts):
            stratify = list(labels)
    train, validation = train_test_split(indices, test_size=validation_fraction, random_state=SEED,
                                         stratify=stratify)
    return np.sort(train), np.sort(validation)


@dataclass
class Deadlines:
    """Monotonic-clock deadlines of the candidate and of the job (None: no limit)."""

    candidate: Optional[float] = None
    job: Optional[float] = None
    clock: Callable[[], float] = time.monotonic

    def check(self, next_step_seconds: float = 0.0) -> None:
        """Raise TimeLimitReached if a limit has passed, or would pass during the next step."""
        now = self.clock()
        if self.job is not None and now + next_step_seconds > self.job:
            raise TimeLimitReached(PER_JOB)
        if self.candidate is not None and now + next_step_seconds > self.candidate:
            raise TimeLimitReached(PER_CANDIDATE)


def train_candidate(spec: CandidateSpec, problem_type: str, features: Sequence[Feature], frame: Any,
                    target: Sequence, deadlines: Deadlines) -> Pipeline:
    """Fit preprocessing and estimator on the training rows; stop between stages when a limit is due."""
    deadlines.check()
    preprocessor = build_preprocessor(features)
    matrix = preprocessor.fit_transform(frame)
    estimator = spec.build()
    y = np.asarray(target, dtype=float if problem_type == REGRESSION else object)
    if spec.stage_parameter is None:
        estimator.fit(matrix, y)
    else:
        last_stage = 0.0
        for size in spec.stage_sizes:
            deadlines.check(last_stage)
            started = deadlines.clock()
            estimator.set_params(**{spec.stage_parameter: size})
            estimator.fit(matrix, y)
            last_stage = deadlines.clock() - started
    deadlines.check()
    return Pipeline([("preprocess", preprocessor), ("model", estimator)])
