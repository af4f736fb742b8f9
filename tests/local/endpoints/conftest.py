"""Fixtures of the local endpoint tests: small trained models in the local Autopilot's file format,
and moto (in-process ``mock_aws`` or the server on 127.0.0.1) with local endpoints installed."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Iterator, Optional

import boto3
import pytest
from moto import mock_aws
from sklearn.linear_model import LinearRegression, LogisticRegression

from exasol_sagemaker_extension.local import autopilot
from exasol_sagemaker_extension.local.autopilot.model_artifact import (CATEGORICAL, NUMERIC, Feature,
                                                                       LocalModel, save_model)
from exasol_sagemaker_extension.local.aws_standin import AwsStandin, start_aws_standin
from exasol_sagemaker_extension.local.endpoints import CREATING_SECONDS_VARIABLE, SETTINGS, install
from tests.local.endpoints.models import train

REGION = "eu-west-1"
ACCOUNT_ID = "123456789012"
BUCKET = "sme-local-models"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/SageMakerAutopilot"
LOCAL_IMAGE = autopilot.LOCAL_IMAGE
FOREIGN_IMAGE = "763104351884.dkr.ecr.eu-west-1.amazonaws.com/sklearn-automl:2.5"
CREATING_SECONDS = 0.2
MULTICLASS_LABELS = ("basic", "premium, yearly", 'the "pro" plan')
AWS_VARIABLES = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_SAGEMAKER",
                 "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
                 "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", CREATING_SECONDS_VARIABLE)


@pytest.fixture(scope="session")
def binary_model() -> LocalModel:
    """Churn (1/0) from age and plan: the old and the premium stay (labels as the export writes booleans)."""
    features = (Feature("Age", NUMERIC), Feature("plan", CATEGORICAL))
    rows = [[str(age), plan] for age in range(18, 78, 3) for plan in ("basic", "premium, yearly")]
    targets = ["1" if int(age) < 45 and plan == "basic" else "0" for age, plan in rows]
    return train("BinaryClassification", features, rows, targets, LogisticRegression(), classes=("0", "1"))


@pytest.fixture(scope="session")
def multiclass_model() -> LocalModel:
    """A plan from a fee: its labels need quoting in CSV (a comma, double quotes)."""
    features = (Feature("fee", NUMERIC),)
    rows = [[str(fee)] for fee in range(0, 30)]
    targets = [MULTICLASS_LABELS[min(int(fee) // 10, 2)] for (fee,) in rows]
    return train("MulticlassClassification", features, rows, targets, LogisticRegression(C=100.0),
                 classes=MULTICLASS_LABELS)


@pytest.fixture(scope="session")
def regression_model() -> LocalModel:
    """``y = 2 x + 1``, from x and an ignored-by-the-fit category."""
    features = (Feature("x", NUMERIC), Feature("colour", CATEGORICAL))
    rows = [[str(x), colour] for x in range(10) for colour in ("red", "green")]
    return train("Regression", features, rows, [2.0 * int(x) + 1.0 for x, _ in rows], LinearRegression())


@pytest.fixture(autouse=True)
def local_endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    """Local endpoints installed, a short creation delay, and no AWS settings from the environment."""
    install()
    for name in AWS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(SETTINGS, "creating_seconds", CREATING_SECONDS)


_CLIENTS: dict[tuple[str, Optional[str]], Any] = {}


@dataclass
class LocalAws:
    """Clients of the emulated AWS and what a test arranges in it."""

    mode: str
    endpoint_url: Optional[str]

    def client(self, service: str) -> Any:
        """A client of ``service`` at this address (made once: clients are slow to make)."""
        key = (service, self.endpoint_url)
        if key not in _CLIENTS:
            _CLIENTS[key] = boto3.client(
                service, region_name=REGION, endpoint_url=self.endpoint_url,
                aws_access_key_id="AKIALOCALENDPOINTS01", aws_secret_access_key="local-endpoints-secret")
        return _CLIENTS[key]

    def put_object(self, key: str, data: bytes) -> str:
        """Store ``data`` in the models bucket; its ``s3://`` URL."""
        s3 = self.client("s3")
        if BUCKET not in [bucket["Name"] for bucket in s3.list_buckets()["Buckets"]]:
            s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_object(Bucket=BUCKET, Key=key, Body=data)
        return f"s3://{BUCKET}/{key}"

    def put_model(self, model: LocalModel, key: str = "models/model.sme") -> str:
        """Store a model file as the local Autopilot does; its ``s3://`` URL."""
        return self.put_object(key, save_model(model))

    def create_endpoint(self, name: str, containers: list[dict]) -> None:
        """Model, endpoint config and endpoint, all named ``name``, as the product creates them."""
        sagemaker = self.client("sagemaker")
        sagemaker.create_model(ModelName=name, ExecutionRoleArn=ROLE_ARN, Containers=containers)
        sagemaker.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[{
            "VariantName": "AllTraffic", "ModelName": name, "InstanceType": "ml.m5.large",
            "InitialInstanceCount": 1, "InitialVariantWeight": 1.0}])
        sagemaker.create_endpoint(EndpointName=name, EndpointConfigName=name)

    def deploy(self, name: str, model: LocalModel, output: Optional[str] = "predicted_label,probability",
               wait: bool = True) -> None:
        """A local endpoint serving ``model``; waits until it left ``Creating`` unless told not to."""
        environment = {"SAGEMAKER_INFERENCE_OUTPUT": output} if output is not None else {}
        url = self.put_model(model, f"models/{name}/model.sme")
        self.create_endpoint(name, [{"Image": LOCAL_IMAGE, "ModelDataUrl": url, "Environment": environment}])
        if wait:
            self.wait_while_creating(name)

    def status(self, name: str) -> str:
        return self.client("sagemaker").describe_endpoint(EndpointName=name)["EndpointStatus"]

    def wait_while_creating(self, name: str, timeout_s: float = 10.0) -> str:
        """Poll ``describe_endpoint`` until the endpoint is no longer ``Creating``; its status."""
        deadline = time.monotonic() + timeout_s
        while (status := self.status(name)) == "Creating" and time.monotonic() < deadline:
            time.sleep(0.05)
        return status

    def invoke(self, name: str, body: bytes, **options: Any) -> dict:
        """``invoke_endpoint`` with ``text/csv``; the response with its body read."""
        options.setdefault("ContentType", "text/csv")
        response = self.client("sagemaker-runtime").invoke_endpoint(EndpointName=name, Body=body, **options)
        response["Body"] = response["Body"].read()
        return response


@pytest.fixture(scope="package")
def standin() -> Iterator[AwsStandin]:
    """The AWS stand-in of ``sme-local`` (moto's server on 127.0.0.1), shared by this package's tests."""
    with start_aws_standin() as started:
        yield started


@pytest.fixture(params=["mock_aws", "server"])
def aws(request: pytest.FixtureRequest) -> Iterator[LocalAws]:
    """moto as AWS: in-process (``mock_aws``) or the stand-in's server; empty at start, emptied afterwards."""
    if request.param == "mock_aws":
        with mock_aws():
            yield LocalAws("mock_aws", None)
        return
    server = request.getfixturevalue("standin")
    server.reset()
    yield LocalAws("server", server.endpoint_url)
    server.reset()


@pytest.fixture
def in_process_aws() -> Iterator[LocalAws]:
    """moto in-process only, for tests whose subject is not the transport."""
    with mock_aws():
        yield LocalAws("mock_aws", None)

