"""Local batch transform jobs in moto: InProgress, then .out files with real predictions, or Failed."""
from __future__ import annotations

import csv
import io
import time
from typing import Any, Iterator

import boto3
import pytest
from moto import mock_aws
from sklearn.linear_model import LinearRegression, LogisticRegression

from exasol_sagemaker_extension.local import autopilot, transform
from exasol_sagemaker_extension.local.autopilot.model_artifact import (CATEGORICAL, NUMERIC, Feature, LocalModel,
                                                                       save_model)
from exasol_sagemaker_extension.local.endpoints import serving
from tests.local.endpoints.models import train

REGION = "eu-west-1"
BUCKET = "sme-transform"
ROLE_ARN = "arn:aws:iam::123456789012:role/SageMakerAutopilot"
PROCESSING = {"InputFilter": "$[1:]", "OutputFilter": "$[0,3:]", "JoinSource": "Input"}


@pytest.fixture(scope="module")
def binary_model() -> LocalModel:
    features = (Feature("Age", NUMERIC), Feature("plan", CATEGORICAL))
    rows = [[str(age), plan] for age in range(18, 78, 3) for plan in ("basic", "premium, yearly")]
    targets = ["1" if int(age) < 45 and plan == "basic" else "0" for age, plan in rows]
    return train("BinaryClassification", features, rows, targets, LogisticRegression(), classes=("0", "1"))


@pytest.fixture(scope="module")
def regression_model() -> LocalModel:
    features = (Feature("x", NUMERIC), Feature("colour", CATEGORICAL))
    rows = [[str(x), colour] for x in range(10) for colour in ("red", "green")]
    return train("Regression", features, rows, [2.0 * int(x) + 1.0 for x, _ in rows], LinearRegression())


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """moto in process with local transform jobs; returns a client factory."""
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(transform.MIN_SECONDS_VARIABLE, "0.3")
    transform.install()
    with mock_aws():
        def client(service: str) -> Any:
            return boto3.client(service, region_name=REGION, aws_access_key_id="AKIATRANSFORM",
                                aws_secret_access_key="transform-secret")
        client("s3").create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield client
        transform.wait_for_jobs()


def put(aws: Any, key: str, data: bytes) -> None:
    aws("s3").put_object(Bucket=BUCKET, Key=key, Body=data)


def read(aws: Any, key: str) -> str:
    return aws("s3").get_object(Bucket=BUCKET, Key=key)["Body"].read().decode("utf-8")


def start_job(aws: Any, name: str, model: LocalModel, inputs: dict[str, str], processing=PROCESSING,
              output: str = "predicted_label,probability", image: str = autopilot.LOCAL_IMAGE,
              model_url: str = None) -> None:
    put(aws, f"models/{name}.sme", save_model(model))
    environment = {"SAGEMAKER_INFERENCE_OUTPUT": output} if output else {}
    aws("sagemaker").create_model(ModelName=name, ExecutionRoleArn=ROLE_ARN, Containers=[{
        "Image": image, "ModelDataUrl": model_url or f"s3://{BUCKET}/models/{name}.sme", "Environment": environment}])
    for file_name, text in inputs.items():
        put(aws, f"{name}/input/{file_name}", text.encode("utf-8"))
    request = dict(
        TransformJobName=name, ModelName=name, BatchStrategy="MultiRecord", MaxPayloadInMB=6,
        TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix",
                                                        "S3Uri": f"s3://{BUCKET}/{name}/input/"}},
                        "ContentType": "text/csv", "SplitType": "Line"},
        TransformOutput={"S3OutputPath": f"s3://{BUCKET}/{name}/output/", "Accept": "text/csv",
                         "AssembleWith": "Line"},
        TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1})
    if processing is not None:
        request["DataProcessing"] = processing
    aws("sagemaker").create_transform_job(**request)


def finished(aws: Any, name: str, timeout_s: float = 20.0) -> dict:
    deadline = time.monotonic() + timeout_s
    while True:
        description = aws("sagemaker").describe_transform_job(TransformJobName=name)
        if description["TransformJobStatus"] != "InProgress" or time.monotonic() > deadline:
            return description
        time.sleep(0.05)


def endpoint_answer(model: LocalModel, rows: list[list[str]], output: str) -> list[list[str]]:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    body = buffer.getvalue().encode()
    text, _ = serving.answer(model, body, "text/csv", "text/csv", serving.parse_output_keys(output))
    return list(csv.reader(io.StringIO(text.decode())))


def test_a_job_is_in_progress_first_then_completed(aws, binary_model):
    start_job(aws, "scores-1", binary_model, {"part-001.csv": "1,30,basic\n"})
    assert aws("sagemaker").describe_transform_job(TransformJobName="scores-1")["TransformJobStatus"] == "InProgress"
    assert finished(aws, "scores-1")["TransformJobStatus"] == "Completed"


def test_each_input_file_gets_an_out_file_with_keys_and_the_endpoints_answer(aws, binary_model):
    inputs = {"part-001.csv": '1,30,basic\n2,70,"premium, yearly"\n', "part-002.csv": '"k, 3",44,basic\n'}
    start_job(aws, "scores-2", binary_model, inputs)
    assert finished(aws, "scores-2")["TransformJobStatus"] == "Completed"
    first = list(csv.reader(io.StringIO(read(aws, "scores-2/output/part-001.csv.out"))))
    second = list(csv.reader(io.StringIO(read(aws, "scores-2/output/part-002.csv.out"))))
    answers = endpoint_answer(binary_model, [["30", "basic"], ["70", "premium, yearly"], ["44", "basic"]],
                              "predicted_label,probability")
    assert first == [["1", *answers[0]], ["2", *answers[1]]]
    assert second == [["k, 3", *answers[2]]]


def test_regression_answers_the_predicted_number(aws, regression_model):
    start_job(aws, "scores-3", regression_model, {"p.csv": "a,3,red\n"}, output=None)
    finished(aws, "scores-3")
    (key, score), = csv.reader(io.StringIO(read(aws, "scores-3/output/p.csv.out")))
    assert key == "a" and float(score) == pytest.approx(7.0)


def test_without_join_the_output_holds_only_the_answer(aws, binary_model):
    start_job(aws, "scores-4", binary_model, {"p.csv": "30,basic\n"}, processing=None, output="predicted_label")
    finished(aws, "scores-4")
    assert read(aws, "scores-4/output/p.csv.out") == f"{binary_model.predict_csv_rows([['30', 'basic']])[0][0]}\n"


def test_an_empty_input_file_gives_an_empty_out_file(aws, binary_model):
    start_job(aws, "scores-5", binary_model, {"a.csv": "1,30,basic\n", "b.csv": ""})
    assert finished(aws, "scores-5")["TransformJobStatus"] == "Completed"
    assert read(aws, "scores-5/output/b.csv.out") == ""


@pytest.mark.parametrize("inputs, processing, reason", [
    ({"p.csv": "1,30\n"}, PROCESSING, "Expected number of columns is 2"),
    ({"p.csv": "1,30,basic\n"}, dict(PROCESSING, OutputFilter="$[0,7]"), "OutputFilter"),
    ({"p.csv": "1,30,basic\n"}, dict(PROCESSING, InputFilter="$.features"), "InputFilter"),
])
def test_records_the_model_or_filters_cannot_take_fail_the_job_with_a_reason(aws, binary_model, inputs,
                                                                             processing, reason):
    start_job(aws, "scores-6", binary_model, inputs, processing=processing)
    description = finished(aws, "scores-6")
    assert description["TransformJobStatus"] == "Failed"
    assert reason in description["FailureReason"]


def test_a_model_file_that_is_not_there_fails_the_job(aws, binary_model):
    start_job(aws, "scores-7", binary_model, {"p.csv": "1,30,basic\n"}, model_url=f"s3://{BUCKET}/nothing.sme")
    description = finished(aws, "scores-7")
    assert description["TransformJobStatus"] == "Failed"
    assert "Failed to download model data" in description["FailureReason"]


def test_jobs_of_other_images_keep_motos_behaviour(aws, binary_model):
    start_job(aws, "scores-8", binary_model, {"p.csv": "1,30,basic\n"},
              image="763104351884.dkr.ecr.eu-west-1.amazonaws.com/sklearn-automl:2.5")
    assert aws("sagemaker").describe_transform_job(TransformJobName="scores-8")["TransformJobStatus"] == "Completed"
