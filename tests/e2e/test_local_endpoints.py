"""The user's flow with an endpoint that really predicts, through SQL: a model in the local Autopilot's file
format is the job's best candidate; it is deployed (Creating, then InService), scores the table, and is
deleted, after which its prediction UDF fails with E-SME-70. No answer is queued and nothing is patched."""
from __future__ import annotations

import csv
import io

import pytest
from sklearn.linear_model import LogisticRegression

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.local import autopilot
from exasol_sagemaker_extension.local.autopilot.model_artifact import (CATEGORICAL, NUMERIC, Feature, LocalModel,
                                                                       save_model)
from exasol_sagemaker_extension.local.aws_standin import AwsStandin
from tests.e2e.helpers import (BUCKET, DATA_SCHEMA, OUTPUT_PATH, ROWS, Extension, autopilot_completes, aws_client,
                               object_keys, object_text)
from tests.local.endpoints.models import train

JOB = "churn-local-1"
ENDPOINT = "churn-local-ep"
FEATURES = (Feature("Age", NUMERIC), Feature("select", CATEGORICAL), Feature("Monthly Fee", NUMERIC))


@pytest.fixture(scope="module")
def model(extension: Extension, aws: AwsStandin) -> LocalModel:
    """Trained on what the training script exported, stored where Autopilot puts models, made the best
    candidate of the job (a local image: the stand-in serves it)."""
    assert extension.train(JOB) == [(JOB,)]
    exported = [row for key in object_keys(aws, f"{OUTPUT_PATH}/{JOB}/training-data/")
                for row in list(csv.reader(io.StringIO(object_text(aws, key))))[1:]]
    trained = train("BinaryClassification", FEATURES, [row[:-1] for row in exported], [row[-1] for row in exported],
                    LogisticRegression(), classes=("0", "1"))
    key = f"{OUTPUT_PATH}/{JOB}/output/model/model.sme"
    aws_client(aws, "s3").put_object(Bucket=BUCKET, Key=key, Body=save_model(trained))
    autopilot_completes(JOB, containers=[{"Image": autopilot.LOCAL_IMAGE, "ModelDataUrl": f"s3://{BUCKET}/{key}"}])
    return trained


@pytest.fixture(scope="module")
def deployed(extension: Extension, model: LocalModel) -> list[tuple]:
    """What the deployment script returned for ENDPOINT."""
    return extension.deploy(JOB, ENDPOINT)


def scored(model: LocalModel) -> list[tuple]:
    """The rows the prediction UDF must emit: features, the model's probability, its label as BOOLEAN."""
    sent = [next(csv.reader([line])) for _, line in ROWS]
    return [(age, plan, fee, probability, label == "1")
            for ((age, plan, fee, _), (label, probability)) in zip((row for row, _ in ROWS),
                                                                   model.predict_csv_rows(sent))]


def test_deploying_a_local_candidate_returns_it_in_service(deployed: list[tuple]) -> None:
    assert deployed == [(ENDPOINT, "InService", f'"{DATA_SCHEMA}"."{ENDPOINT}"')]


def test_the_local_endpoint_serves_label_and_probability_as_the_deployment_asked(
        deployed: list[tuple], aws: AwsStandin, model: LocalModel) -> None:
    answer = aws_client(aws, "sagemaker-runtime").invoke_endpoint(
        EndpointName=ENDPOINT, Body=b"34,basic,9.5", ContentType="text/csv", Accept="text/csv")
    label, probability = model.predict_csv_rows([["34", "basic", "9.5"]])[0]
    assert answer["Body"].read().decode() == f"{label},{probability!r}\n"


def test_the_prediction_udf_emits_the_models_predictions(
        deployed: list[tuple], extension: Extension, model: LocalModel) -> None:
    assert sorted(extension.rows(extension.predict_sql(ENDPOINT))) == sorted(scored(model))


def test_the_prediction_udf_gives_the_same_predictions_per_iproc_group(
        deployed: list[tuple], extension: Extension, model: LocalModel) -> None:
    assert sorted(extension.rows(extension.predict_sql(ENDPOINT, group_by="IPROC()"))) == sorted(scored(model))


def test_predicting_after_the_local_endpoint_was_deleted_fails_with_e_sme_70(
        extension: Extension, model: LocalModel) -> None:
    endpoint = "churn-local-gone"
    extension.deploy(JOB, endpoint)
    text = extension.script_text(DATA_SCHEMA, endpoint)
    extension.delete(endpoint)
    extension.execute(text)  # the prediction UDF recreated by hand: it outlived its endpoint
    message = extension.error(extension.predict_sql(endpoint))
    assert f"E-SME-{error_codes.ENDPOINT_NOT_FOUND}: endpoint {endpoint} does not exist" in message
    assert "Endpoint churn-local-gone of account" in message
    extension.execute(f'DROP SCRIPT "{DATA_SCHEMA}"."{endpoint}"')
