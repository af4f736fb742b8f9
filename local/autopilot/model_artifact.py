"""The model file of a local Autopilot candidate: what training saves and what a local endpoint loads.

This module is the contract between the local Autopilot (``local/autopilot``) and the local endpoints
(``local/endpoints``)::

    data = save_model(model)                 # bytes, stored at the candidate's ModelDataUrl in S3
    model = load_model(data)                 # -> LocalModel
    model.problem_type                       # "BinaryClassification" | "MulticlassClassification" | "Regression"
    model.feature_names                      # tuple of the feature columns in training order (no target)
    model.target_name                        # the target column
    model.classes                            # class labels as text (classification), else None
    model.predict_csv_rows(rows)             # -> list[tuple[str, float | None]]

``rows`` are the CSV fields of ``text/csv`` request lines as the prediction UDF sends them (the
caller splits the body with the ``csv`` module, RFC 4180): no header, the features only, in training
order; an empty field is a missing value; booleans are ``1``/``0``; numbers are text. Each row gives
``(predicted label, probability)``: for classification the label as text exactly as it was in the
training data (``"M"``, ``"1"``), with the probability of that label (Autopilot's ENSEMBLING
``probability``); for regression the predicted number as text (``repr(float)``, e.g. ``"151.3"``) and
None. A row with another number of fields than ``feature_names`` raises ``ValueError``.
``predict_details_csv_rows`` adds Autopilot's other inference keys (``probabilities``, ``labels``).

Fields are parsed here, by one function for training and prediction alike: a numeric feature is a
float (empty, unparsable or non-finite text is missing), any other feature is its text (empty is
missing; a category never seen in training counts as none of the known ones).

The file is a zip archive: ``model.json`` (format, schema, metadata) and ``estimator.pkl`` (a pickled
scikit-learn pipeline). Pickles run code when loaded: load only files the local Autopilot wrote.
"""
from __future__ import annotations

import io
import json
import math
import pickle
import zipfile
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd

FORMAT = "sme-local-autopilot-model"
FORMAT_VERSION = 1
MODEL_FILE_NAME = "model.sme"
NUMERIC = "numeric"
CATEGORICAL = "categorical"
IGNORED = "ignored"  # no usable value in training (e.g. always empty): accepted, not used
FEATURE_KINDS = (NUMERIC, CATEGORICAL, IGNORED)
CLASSIFICATION = ("BinaryClassification", "MulticlassClassification")
REGRESSION = "Regression"
_META = "model.json"
_ESTIMATOR = "estimator.pkl"


@dataclass(frozen=True)
class Feature:
    """One feature column: its name and how its text is parsed."""

    name: str
    kind: str


def parse_number(text: Optional[str]) -> float:
    """A numeric field as a float; empty, unparsable or non-finite text is NaN (missing)."""
    if text is None:
        return math.nan
    try:
        value = float(text.strip()) if text.strip() else math.nan
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


def parse_category(text: Optional[str]) -> Optional[str]:
    """A categorical field as its text; empty text is None (missing)."""
    return text if text else None


def column_label(index: int) -> str:
    """The frame column of the feature at ``index`` (names stay out of the frame: any text is a name)."""
    return f"f{index}"


def feature_frame(rows: Sequence[Sequence[Optional[str]]], features: Sequence[Feature]) -> pd.DataFrame:
    """The estimator's input: one column per used feature, parsed by kind; rows must fit the features."""
    width = len(features)
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            raise ValueError(f"row {number} has {len(row)} fields, but the model takes {width} features "
                             f"({', '.join(f.name for f in features)})")
    columns: dict[str, Any] = {}
    for index, feature in enumerate(features):
        if feature.kind == NUMERIC:
            columns[column_label(index)] = np.array([parse_number(row[index]) for row in rows], dtype=float)
        elif feature.kind == CATEGORICAL:
            values = [parse_category(row[index]) for row in rows]
            columns[column_label(index)] = np.array([np.nan if v is None else v for v in values], dtype=object)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))


def number_text(value: float) -> str:
    """A predicted number as text: Python's shortest round-trip form."""
    return repr(float(value))


@dataclass
class LocalModel:
    """A trained candidate: schema, fitted pipeline and metadata."""

    problem_type: str
    target_name: str
    features: tuple[Feature, ...]
    estimator: Any
    classes: Optional[tuple[str, ...]] = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def feature_names(self) -> tuple[str, ...]:
        """The feature columns in training order (what a request row holds)."""
        return tuple(feature.name for feature in self.features)

    @property
    def is_classification(self) -> bool:
        """Tell whether predictions are labels with probabilities."""
        return self.problem_type in CLASSIFICATION

    def predict_csv_rows(self, rows: Sequence[Sequence[str]]) -> list[tuple[str, Optional[float]]]:
        """``(predicted label or number as text, probability of the label or None)`` per row."""
        if not rows:
            return []
        frame = feature_frame(rows, self.features)
        if not self.is_classification:
            return [(number_text(value), None) for value in self.estimator.predict(frame)]
        probabilities = self.class_probabilities(frame)
        best = probabilities.argmax(axis=1)
        return [(self.classes[index], float(probabilities[row, index])) for row, index in enumerate(best)]

    def predict_details_csv_rows(self, rows: Sequence[Sequence[str]]) -> list[dict[str, Any]]:
        """Per row Autopilot's inference keys: predicted_label, probability, probabilities, labels."""
        if not self.is_classification:
            return [{"predicted_label": label} for label, _ in self.predict_csv_rows(rows)]
        if not rows:
            return []
        probabilities = self.class_probabilities(feature_frame(rows, self.features))
        labels = list(self.classes or ())
        return [{"predicted_label": labels[int(p.argmax())], "probability": float(p.max()),
                 "probabilities": [float(v) for v in p], "labels": labels} for p in probabilities]

    def class_probabilities(self, frame: pd.DataFrame) -> np.ndarray:
        """Class probabilities (rows of ``feature_frame``) in the order of ``classes``."""
        probabilities = np.asarray(self.estimator.predict_proba(frame), dtype=float)
        fitted = [str(label) for label in self.estimator.classes_]
        if fitted != list(self.classes or ()):
            order = [fitted.index(label) for label in self.classes or ()]
            probabilities = probabilities[:, order]
        return probabilities


_threads_limited = False


def limit_native_threads() -> None:
    """Run OpenMP and BLAS single-threaded in this process from now on (done once).

    scikit-learn's HistGradientBoosting spins OpenMP threads; on a busy two-core machine that made
    a fit 50 times slower (124 s instead of 2.4 s on the digits data). The local runtime runs jobs,
    endpoints and UDFs side by side, so one native thread each is faster and predictable.
    """
    global _threads_limited
    if not _threads_limited:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1)
        _threads_limited = True


def save_model(model: LocalModel) -> bytes:
    """The model as the bytes of a ``model.sme`` file."""
    if model.problem_type not in (*CLASSIFICATION, REGRESSION):
        raise ValueError(f"unknown problem type {model.problem_type!r}")
    if model.is_classification and not model.classes:
        raise ValueError("a classification model needs its classes")
    meta = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "problem_type": model.problem_type,
        "target_name": model.target_name,
        "features": [{"name": f.name, "kind": f.kind} for f in model.features],
        "classes": list(model.classes) if model.classes is not None else None,
        "metadata": model.metadata, "sklearn_version": _sklearn_version(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_META, json.dumps(meta, ensure_ascii=False, indent=1))
        archive.writestr(_ESTIMATOR, pickle.dumps(model.estimator, protocol=pickle.HIGHEST_PROTOCOL))
    return buffer.getvalue()


def load_model(data: bytes) -> LocalModel:
    """The model saved by ``save_model``; anything else raises ``ValueError``."""
    limit_native_threads()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            meta = json.loads(archive.read(_META).decode("utf-8"))
            if meta.get("format") != FORMAT:
                raise ValueError("not a local Autopilot model file")
            if meta.get("format_version") != FORMAT_VERSION:
                raise ValueError(f"model file format version {meta.get('format_version')} is not supported "
                                 f"(this runtime reads version {FORMAT_VERSION})")
            estimator = pickle.loads(archive.read(_ESTIMATOR))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as error:
        raise ValueError(f"not a local Autopilot model file: {error}") from None
    classes = meta.get("classes")
    return LocalModel(
        problem_type=meta["problem_type"], target_name=meta["target_name"],
        features=tuple(Feature(f["name"], f["kind"]) for f in meta["features"]),
        estimator=estimator, classes=tuple(classes) if classes is not None else None,
        metadata=dict(meta.get("metadata") or {}))


def _sklearn_version() -> str:
    import sklearn

    return sklearn.__version__
