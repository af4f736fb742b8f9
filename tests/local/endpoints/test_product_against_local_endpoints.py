"""The product against local endpoints: the deployment UDF waits out Creating, the prediction UDF scores
with the served model, and a deleted endpoint ends in E-SME-70, with no special case in product code."""
from __future__ import annotations

import copy
import time
from types import SimpleNamespace
from typing import Any, Iterator, Optional, Sequence

import pandas as pd
import pytest
from moto.sagemaker.models import sagemaker_backends

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import EndpointError, SageMakerExtensionError
from exasol_sagemaker_extension.local.autopilot.model_artifact import LocalModel
from exasol_sagemaker_extension.local.endpoints import SETTINGS
from exasol_sagemaker_extension.local.endpoints.lifecycle import DEFAULT_CREATING_SECONDS
from exasol_sagemaker_extension.prediction_parsing import converter_for, parse_predictions
from exasol_sagemaker_extension.runtime_gateway import RuntimeGateway
from exasol_sagemaker_extension.sagemaker_gateway import FIRST_POLL_INTERVAL_S, SageMakerGateway
from exasol_sagemaker_extension.udfs.endpoint_deployment_udf import (DEFAULT_POLL_INTERVAL_S,
                                                                     DEFAULT_WAIT_TIMEOUT_S,
                                                                     EndpointDeploymentUDF)
from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF
from tests.local.endpoints.conftest import (ACCOUNT_ID, BUCKET, LOCAL_IMAGE, MULTICLASS_LABELS, REGION,
                                            ROLE_ARN, LocalAws)

CONNECTION = "AWS_CONN"
POLL_S = 0.05


class ThinContext:
    """A SET UDF's context over one group held in a DataFrame: ``get_dataframe`` slices, ``emit`` collects."""

    def __init__(self, frame: pd.DataFrame):
        self._frame = frame
        self._position = 0
        self.emitted: list[tuple] = []

    def get_dataframe(self, num_rows: Any = "all", start_col: int = 0) -> Optional[pd.DataFrame]:
        if self._position >= len(self._frame):
            return None
        end = len(self._frame) if num_rows == "all" else self._position + num_rows
        chunk = self._frame.iloc[self._position:end, start_col:]
        self._position = min(end, len(self._frame))
        return chunk

    def emit(self, *values: Any) -> None:
        if len(values) == 1 and isinstance(values[0], pd.DataFrame):
            self.emitted.extend(tuple(row) for row in values[0].itertuples(index=False))
        else:
            self.emitted.append(values)


def thin_exa(inputs: Sequence[tuple[str, str]] = (), outputs: Sequence[tuple[str, str]] = (),
             script: str = "ep") -> SimpleNamespace:
    """An ``exa`` with column metadata and the AWS connection (keys moto accepts)."""
    def columns(pairs: Sequence[tuple[str, str]]) -> list[SimpleNamespace]:
        return [SimpleNamespace(name=name, sql_type=sql_type) for name, sql_type in pairs]

    connection = SimpleNamespace(address=f"https://{BUCKET}.s3.{REGION}.amazonaws.com/",
                                 user="AKIALOCALENDPOINTS02", password="local-endpoints-secret-2")
    meta = SimpleNamespace(input_columns=columns(inputs), output_columns=columns(list(inputs) + list(outputs)),
                           script_schema="SCORING", script_name=script)
    return SimpleNamespace(meta=meta, get_connection=lambda name: connection)


@pytest.fixture
def product_aws(aws: LocalAws, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalAws]:
    """The emulated AWS, with the product's own clients (built from the connection) pointed at it."""
    if aws.endpoint_url:
        monkeypatch.setenv("AWS_ENDPOINT_URL", aws.endpoint_url)
    yield aws


def predict(aws: LocalAws, endpoint: str, model: LocalModel, inputs: Sequence[tuple[str, str]], target: str,
            rows: list[tuple], **options: Any) -> list[tuple]:
    """The rows the prediction UDF of ``endpoint`` emits for ``rows`` (one group)."""
    classification = model.problem_type != "Regression"
    outputs = ([("PROBABILITY", "DOUBLE")] if classification else []) + [("PREDICTIONS", target)]
    udf = PredictionUDF(thin_exa(inputs, outputs, endpoint), endpoint, CONNECTION, REGION, model.problem_type,
                        **options)
    context = ThinContext(pd.DataFrame(rows, columns=[name for name, _ in inputs]))
    udf.run(context)
    return context.emitted


# -- the gateway waits out Creating ------------------------------------------------------------------------

def test_the_product_gateway_waits_while_the_endpoint_is_creating_and_returns_in_service(
        aws: LocalAws, binary_model: LocalModel) -> None:
    aws.deploy("churn", binary_model, wait=False)
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds)

    status = SageMakerGateway(aws.client("sagemaker")).wait_for_endpoint("churn", 10, POLL_S, sleep=sleep)
    assert status == "InService" and slept, "it saw Creating at least once"


def test_with_the_default_delay_the_products_default_wait_sees_in_service_at_its_first_poll(
        in_process_aws: LocalAws, binary_model: LocalModel, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SETTINGS, "creating_seconds", DEFAULT_CREATING_SECONDS)
    in_process_aws.deploy("churn", binary_model, wait=False)
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds)

    gateway = SageMakerGateway(in_process_aws.client("sagemaker"))
    status = gateway.wait_for_endpoint("churn", DEFAULT_WAIT_TIMEOUT_S, DEFAULT_POLL_INTERVAL_S, sleep=sleep)
    assert (status, slept) == ("InService", [FIRST_POLL_INTERVAL_S]), "Creating at first, InService one poll later"


def test_the_product_gateway_reports_a_failed_endpoint_with_aws_reason_as_e_sme_56(aws: LocalAws) -> None:
    aws.create_endpoint("churn", [{"Image": LOCAL_IMAGE, "ModelDataUrl": f"s3://{BUCKET}/none.sme"}])
    with pytest.raises(EndpointError) as raised:
        SageMakerGateway(aws.client("sagemaker")).wait_for_endpoint("churn", 10, POLL_S)
    assert raised.value.code == error_codes.ENDPOINT_FAILED
    assert f'Failed to download model data for container "container_1" from URL: "s3://{BUCKET}/none.sme"' in str(
        raised.value)


# -- the deployment UDF ------------------------------------------------------------------------------------

def completed_job(aws: LocalAws, name: str, problem_type: str, model_url: str) -> None:
    """An Autopilot job that completed with a local best candidate (as the local Autopilot records it)."""
    aws.client("sagemaker").create_auto_ml_job_v2(
        AutoMLJobName=name, RoleArn=ROLE_ARN,
        AutoMLJobInputDataConfig=[{"ChannelType": "training", "ContentType": "text/csv;header=present",
                                   "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix",
                                                                   "S3Uri": f"s3://{BUCKET}/data/"}}}],
        OutputDataConfig={"S3OutputPath": f"s3://{BUCKET}/output"},
        AutoMLProblemTypeConfig={"TabularJobConfig": {
            "TargetAttributeName": "target", "ProblemType": problem_type,
            "CompletionCriteria": {"MaxCandidates": 1}}},
        AutoMLJobObjective={"MetricName": "F1" if problem_type == "BinaryClassification" else "MSE"})
    job = sagemaker_backends[ACCOUNT_ID][REGION].auto_ml_jobs[name]
    job.auto_ml_job_status = job.auto_ml_job_secondary_status = "Completed"
    job.best_candidate = copy.deepcopy(job.best_candidate or {})
    job.best_candidate["InferenceContainers"] = [
        {"Image": LOCAL_IMAGE, "ModelDataUrl": model_url,
         "Environment": {"SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT": "text/csv"}}]
    job.resolved_attributes = {"AutoMLProblemTypeResolvedAttributes": {
        "TabularResolvedAttributes": {"ProblemType": problem_type}}}


def deploy_with_udf(job: str, endpoint: str) -> list[tuple]:
    """What the deployment UDF emits (polling every 50 ms instead of 15 s)."""
    udf = EndpointDeploymentUDF(thin_exa(), poll_interval_s=POLL_S, wait_timeout_s=20)
    context = ThinContext(pd.DataFrame())
    row = SimpleNamespace(job_name=job, endpoint_name=endpoint, instance_type="ml.m5.large", instance_count=1,
                          serverless_memory_size_in_mb=None, serverless_max_concurrency=None, candidate_name=None,
                          aws_credentials_connection_name=CONNECTION, aws_region=REGION, emit=context.emit)
    udf.run(row)
    return context.emitted


def test_the_deployment_udf_deploys_a_local_candidate_and_it_predicts_with_label_and_probability(
        product_aws: LocalAws, binary_model: LocalModel) -> None:
    completed_job(product_aws, "churn-job", "BinaryClassification", product_aws.put_model(binary_model))
    assert deploy_with_udf("churn-job", "churn-ep") == [
        ("churn-ep", "InService", "BinaryClassification", "best_candidate")]
    label, probability = binary_model.predict_csv_rows([["20", "basic"]])[0]
    assert product_aws.invoke("churn-ep", b"20,basic")["Body"] == f"{label},{probability!r}\n".encode()


def test_the_deployment_udf_reports_a_candidate_whose_model_is_gone_and_removes_what_it_created(
        product_aws: LocalAws) -> None:
    completed_job(product_aws, "churn-job", "BinaryClassification", f"s3://{BUCKET}/output/gone.sme")
    product_aws.put_object("output/other", b"x")
    with pytest.raises(SageMakerExtensionError) as raised:
        deploy_with_udf("churn-job", "churn-ep")
    assert raised.value.code == error_codes.ENDPOINT_FAILED and "Failed to download model data" in str(raised.value)
    sagemaker = product_aws.client("sagemaker")
    assert (sagemaker.list_endpoints()["Endpoints"], sagemaker.list_models()["Models"]) == ([], [])


# -- the runtime gateway and the prediction UDF ------------------------------------------------------------

def test_the_runtime_gateway_gets_answers_the_product_parses_into_the_models_predictions(
        aws: LocalAws, multiclass_model: LocalModel) -> None:
    aws.deploy("plans", multiclass_model)
    text = RuntimeGateway(aws.client("sagemaker-runtime")).invoke("plans", b"2\n14\n27\n")
    parsed = parse_predictions(text, 3, "MulticlassClassification", converter_for("VARCHAR(40)"))
    expected = multiclass_model.predict_csv_rows([["2"], ["14"], ["27"]])
    assert parsed.predictions == list(MULTICLASS_LABELS) == [label for label, _ in expected]
    assert parsed.probabilities == [probability for _, probability in expected]


BINARY_INPUTS = [("Age", "DECIMAL(3,0)"), ("select", "VARCHAR(40)")]
BINARY_ROWS = [(34, "basic"), (51, "premium, yearly"), (27, 'the "pro" plan'), (19, None), (None, "basic"),
               (62, "premium, yearly")]


def test_the_prediction_udf_emits_the_models_labels_as_booleans_with_their_probabilities(
        product_aws: LocalAws, binary_model: LocalModel) -> None:
    product_aws.deploy("churn", binary_model)
    emitted = predict(product_aws, "churn", binary_model, BINARY_INPUTS, "BOOLEAN", BINARY_ROWS)
    expected = binary_model.predict_csv_rows([["" if v is None else str(v) for v in row] for row in BINARY_ROWS])
    assert emitted == [(*row, probability, label == "1") for row, (label, probability) in zip(BINARY_ROWS, expected)]


def test_the_prediction_udf_emits_multiclass_labels_that_need_quoting_unchanged(
        product_aws: LocalAws, multiclass_model: LocalModel) -> None:
    product_aws.deploy("plans", multiclass_model)
    rows = [(2.0,), (14.5,), (27.0,), (None,)]
    emitted = predict(product_aws, "plans", multiclass_model, [("fee", "DOUBLE")], "VARCHAR(40)", rows)
    assert [prediction for *_, prediction in emitted[:3]] == list(MULTICLASS_LABELS)
    assert len(emitted) == 4 and all(0.0 < probability <= 1.0 for _, probability, _ in emitted)


def test_the_prediction_udf_scores_a_regression_in_several_batches_in_row_order(
        product_aws: LocalAws, regression_model: LocalModel) -> None:
    product_aws.deploy("line", regression_model, output=None)
    rows = [(float(x), "red") for x in range(40)]
    emitted = predict(product_aws, "line", regression_model, [("x", "DOUBLE"), ("colour", "VARCHAR(10)")],
                      "DOUBLE", rows, max_payload_bytes=64)
    assert [round(prediction, 6) for *_, prediction in emitted] == [2.0 * x + 1.0 for x in range(40)]


def test_the_prediction_udf_of_a_deleted_endpoint_fails_with_e_sme_70(
        product_aws: LocalAws, binary_model: LocalModel) -> None:
    product_aws.deploy("churn", binary_model)
    product_aws.client("sagemaker").delete_endpoint(EndpointName="churn")
    with pytest.raises(EndpointError) as raised:
        predict(product_aws, "churn", binary_model, BINARY_INPUTS, "BOOLEAN", BINARY_ROWS)
    assert raised.value.code == error_codes.ENDPOINT_NOT_FOUND
    assert (f"endpoint churn does not exist in region {REGION} (it may have been deleted): Endpoint churn of "
            f"account {ACCOUNT_ID} not found.") in str(raised.value)


def test_the_prediction_udf_reports_a_model_error_as_e_sme_71_with_the_containers_message(
        product_aws: LocalAws, binary_model: LocalModel) -> None:
    product_aws.deploy("churn", binary_model)
    with pytest.raises(SageMakerExtensionError) as raised:
        predict(product_aws, "churn", binary_model, [("Age", "DECIMAL(3,0)")], "BOOLEAN", [(34,)])
    assert raised.value.code == error_codes.INVOCATION_FAILED
    assert "ModelError" in str(raised.value) and "Expected number of columns is 2" in str(raised.value)
