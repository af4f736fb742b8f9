"""The model file contract with the local endpoints: save, load, and predict CSV rows as the UDF sends them."""
from __future__ import annotations

import io
import zipfile

import pytest

from exasol_sagemaker_extension.local.autopilot.analysis import analyze
from exasol_sagemaker_extension.local.autopilot.candidates import Deadlines, specs_for, train_candidate
from exasol_sagemaker_extension.local.autopilot.dataset import Dataset
from exasol_sagemaker_extension.local.autopilot.model_artifact import (LocalModel, feature_frame, load_model,
                                                                       save_model)
from tests.local.autopilot import datasets
from tests.local.autopilot.datasets import Table


def fit(table: Table, spec_name: str = "hgb") -> LocalModel:
    """A model trained on the table's training rows with one candidate setting."""
    analysis = analyze(Dataset(tuple(table.header), table.rows, ()), table.target, min_rows=1)
    spec = next(s for s in specs_for(analysis.problem_type) if s.name == spec_name)
    pipeline = train_candidate(spec, analysis.problem_type, analysis.features,
                               feature_frame(analysis.rows, analysis.features), analysis.target, Deadlines())
    return LocalModel(analysis.problem_type, analysis.target_name, analysis.features, pipeline, analysis.classes,
                      {"candidate_name": spec.name})


@pytest.fixture(scope="module")
def cancer() -> Table:
    return datasets.breast_cancer(holdout=True)


@pytest.fixture(scope="module")
def cancer_model(cancer) -> LocalModel:
    return load_model(save_model(fit(cancer, "logreg")))


def features(rows):
    return [row[:-1] for row in rows]


def test_a_saved_model_loads_with_its_schema_and_metadata(cancer, cancer_model):
    assert cancer_model.problem_type == "BinaryClassification"
    assert cancer_model.feature_names == tuple(cancer.header[:-1])
    assert cancer_model.target_name == "diagnosis"
    assert cancer_model.classes == ("B", "M")
    assert cancer_model.metadata == {"candidate_name": "logreg"}


def test_a_loaded_model_predicts_exactly_as_the_trained_one(cancer):
    model = fit(cancer, "rf")
    rows = features(cancer.held_out)
    assert load_model(save_model(model)).predict_csv_rows(rows) == model.predict_csv_rows(rows)


def test_classification_gives_the_label_as_in_the_data_and_its_probability(cancer, cancer_model):
    predictions = cancer_model.predict_csv_rows(features(cancer.held_out))
    assert {label for label, _ in predictions} == {"B", "M"}
    assert all(0.5 <= probability <= 1.0 for _, probability in predictions)


@pytest.mark.parametrize("spec_name", [spec.name for spec in specs_for("BinaryClassification")])
def test_every_classification_candidate_predicts_held_out_breast_cancer_rows_well(cancer, spec_name):
    model = load_model(save_model(fit(cancer, spec_name)))
    predictions = model.predict_csv_rows(features(cancer.held_out))
    assert datasets.accuracy([(row[-1], label) for row, (label, _) in zip(cancer.held_out, predictions)]) > 0.85


@pytest.mark.parametrize("spec_name", [spec.name for spec in specs_for("MulticlassClassification")])
def test_every_classification_candidate_learns_three_classes_with_text_and_missing_values(spec_name):
    table = datasets.three_classes()
    predictions = load_model(save_model(fit(table, spec_name))).predict_csv_rows(features(table.held_out))
    assert datasets.accuracy([(row[-1], label) for row, (label, _) in zip(table.held_out, predictions)]) > 0.7


@pytest.mark.parametrize("spec_name", [spec.name for spec in specs_for("Regression")])
def test_every_regression_candidate_predicts_numbers_as_text_without_probability(spec_name):
    table = datasets.friedman()
    predictions = load_model(save_model(fit(table, spec_name))).predict_csv_rows(features(table.held_out))
    assert all(probability is None for _, probability in predictions)
    assert all(text == repr(float(text)) for text, _ in predictions)
    assert datasets.r2([float(row[-1]) for row in table.held_out], [float(text) for text, _ in predictions]) > 0.5


def test_details_give_every_label_and_its_probability(cancer, cancer_model):
    details = cancer_model.predict_details_csv_rows(features(cancer.held_out[:3]))
    for detail in details:
        assert detail["labels"] == ["B", "M"]
        assert sum(detail["probabilities"]) == pytest.approx(1.0)
        assert detail["probability"] == max(detail["probabilities"])
        assert detail["predicted_label"] == detail["labels"][detail["probabilities"].index(detail["probability"])]


def test_empty_fields_are_missing_values_and_still_predict(cancer_model):
    width = len(cancer_model.feature_names)
    assert [label in ("B", "M") for label, _ in cancer_model.predict_csv_rows([[""] * width])] == [True]


def test_unknown_categories_and_missing_text_still_predict():
    table = datasets.three_classes()
    model = fit(table, "logreg")
    row = table.held_out[0][:-1]
    unknown = row[:6] + ["a colour never seen"]
    missing = row[:6] + [""]
    labels = [label for label, _ in model.predict_csv_rows([row, unknown, missing])]
    assert all(label in ("setosa", "versicolor", "virginica") for label in labels)


def test_numbers_are_parsed_as_training_parsed_them(cancer, cancer_model):
    row = features(cancer.held_out)[0]
    reformatted = [f"{float(value):.6E}" if index % 2 else f" {value} " for index, value in enumerate(row)]
    assert cancer_model.predict_csv_rows([reformatted])[0][0] == cancer_model.predict_csv_rows([row])[0][0]


def test_booleans_as_1_and_0_are_numbers():
    rows = [[str(i % 2), str((i // 2) % 2), "yes" if i % 2 else "no"] for i in range(200)]
    model = fit(Table(["flag", "other", "y"], rows, []), "logreg")
    assert [label for label, _ in model.predict_csv_rows([["1", "0"], ["0", "1"]])] == ["yes", "no"]


def test_no_rows_give_no_predictions(cancer_model):
    assert cancer_model.predict_csv_rows([]) == []


def test_a_row_with_another_number_of_fields_is_refused(cancer_model):
    with pytest.raises(ValueError, match="row 2 has 2 fields, but the model takes 30 features"):
        cancer_model.predict_csv_rows([[""] * 30, ["1", "2"]])


@pytest.mark.parametrize("data", [b"not a zip", b""])
def test_anything_but_a_model_file_is_refused(data):
    with pytest.raises(ValueError, match="not a local Autopilot model file"):
        load_model(data)


def test_a_model_file_of_another_format_version_is_refused(cancer_model):
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(save_model(cancer_model))) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "model.json":
                data = data.replace(b'"format_version": 1', b'"format_version": 99')
            target.writestr(name, data)
    with pytest.raises(ValueError, match="format version 99 is not supported"):
        load_model(buffer.getvalue())
