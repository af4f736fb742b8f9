"""Fixtures for running the AWS-side UDFs through udf-mock with moto standing in for AWS."""
from __future__ import annotations

import copy
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional

import boto3
import pytest
from exasol_udf_mock_python.connection import Connection
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sagemaker.models import sagemaker_backends

from exasol_sagemaker_extension.errors import SageMakerExtensionError
from exasol_sagemaker_extension.udfs.aws_connection import build_client_factory
from tests.integration.udfs import udf_wrappers

REGION = "eu-central-1"
ACCOUNT_ID = DEFAULT_ACCOUNT_ID
CONNECTION_NAME = "AWS_CONN"
ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET_MARKER = "SecretMarker-do-not-leak-7f3a9c"
BUCKET = "sme-test-bucket"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/SageMakerRole"
CONTAINERS = [
    {"Image": "763104351884.dkr.ecr.eu-central-1.amazonaws.com/sklearn-automl:2.5",
     "ModelDataUrl": f"s3://{BUCKET}/ml/job-1/output/data-processor-models/model.tar.gz",
     "Environment": {"AUTOML_TRANSFORM_MODE": "feature-transform"}},
    {"Image": "763104351884.dkr.ecr.eu-central-1.amazonaws.com/xgboost:1.7",
     "ModelDataUrl": f"s3://{BUCKET}/ml/job-1/output/tuning/model.tar.gz",
     "Environment": {"MAX_CONTENT_LENGTH": "20971520"}},
]


def connections(password: str = SECRET_MARKER) -> dict[str, Connection]:
    """The CONNECTION objects the UDFs may read."""
    return {CONNECTION_NAME: Connection(address=f"https://{BUCKET}.s3.{REGION}.amazonaws.com/",
                                        user=ACCESS_KEY_ID, password=password)}


def aws_client(service: str) -> Any:
    """A test-side client, for arranging and checking moto's state."""
    return boto3.session.Session(aws_access_key_id=ACCESS_KEY_ID, aws_secret_access_key="test",
                                 region_name=REGION).client(service)


def sagemaker_backend() -> Any:
    return sagemaker_backends[ACCOUNT_ID][REGION]


@pytest.fixture(autouse=True)
def clean_aws_environment(monkeypatch):
    for variable in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SAGEMAKER", "AWS_ENDPOINT_URL_S3",
                     "AWS_ENDPOINT_URL_STS", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    yield
    udf_wrappers.use_options(None)


@pytest.fixture
def aws():
    with mock_aws():
        yield


@pytest.fixture
def bucket(aws):
    s3 = aws_client("s3")
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    return s3


class Recorder:
    """Builds the product's clients and records every request they send, as botocore sees it."""

    def __init__(self):
        self.calls: list[tuple[str, str, dict]] = []
        self.clients_built: list[tuple[str, str, str]] = []
        self.hooks: list[tuple[str, Callable]] = []
        self.overrides: dict[str, Any] = {}
        self.udf_options: dict = {}

    def install(self, **udf_options: Any) -> "Recorder":
        """Make the UDF wrappers construct their class with a recording client factory."""
        self.udf_options = udf_options
        udf_wrappers.use_options(lambda exa: {"client_factory": self.factory(exa), **self.udf_options})
        return self

    def factory(self, exa: Any) -> Callable[[str, str, str], Any]:
        product_factory = build_client_factory(exa)

        def recording_factory(service: str, connection_name: str, region: str) -> Any:
            self.clients_built.append((service, connection_name, region))
            if service in self.overrides:
                return self.overrides[service]
            client = product_factory(service, connection_name, region)
            client.meta.events.register("before-parameter-build", self._record)
            for event, hook in self.hooks:
                client.meta.events.register(event, hook)
            return client

        return recording_factory

    def _record(self, params: dict, model: Any, event_name: str, **_: Any) -> None:
        self.calls.append((event_name.split(".")[1], model.name, copy.deepcopy(params)))

    def on(self, event: str, hook: Callable) -> None:
        """Register a botocore event hook on every client built from now on."""
        self.hooks.append((event, hook))

    def override(self, service: str, client: Any) -> None:
        """Hand out ``client`` (e.g. one under a botocore Stubber) instead of building one."""
        client.meta.events.register("before-parameter-build", self._record)
        self.overrides[service] = client

    def requests(self, operation: str) -> list[dict]:
        """The parameters of every call of ``operation`` (e.g. ``CreateModel``), in order."""
        return [params for _, name, params in self.calls if name == operation]

    def operations(self, service: Optional[str] = None) -> list[str]:
        return [name for svc, name, _ in self.calls if service in (None, svc)]


@pytest.fixture
def recorder(aws):
    return Recorder().install()


@contextmanager
def raises_sme(code: int) -> Iterator[Any]:
    """Expect an extension error with ``code`` whose text does not contain the connection's secret."""
    with pytest.raises(SageMakerExtensionError) as raised:
        yield raised
    assert str(raised.value).startswith(f"E-SME-{code}: "), str(raised.value)
    assert SECRET_MARKER not in str(raised.value)


def start_moto_job(name: str, problem_type: str = "BinaryClassification", target: str = "y") -> None:
    """An Autopilot job in moto (moto needs ProblemType and CompletionCriteria, AWS does not)."""
    aws_client("sagemaker").create_auto_ml_job_v2(
        AutoMLJobName=name,
        AutoMLJobInputDataConfig=[{"ChannelType": "training", "ContentType": "text/csv;header=present",
                                   "DataSource": {"S3DataSource": {
                                       "S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/ml/{name}/"}}}],
        OutputDataConfig={"S3OutputPath": f"s3://{BUCKET}/ml/{name}/output"},
        AutoMLProblemTypeConfig={"TabularJobConfig": {
            "TargetAttributeName": target, "ProblemType": problem_type,
            "CompletionCriteria": {"MaxCandidates": 1}}},
        RoleArn=ROLE_ARN)


def set_job_state(name: str, status: str, secondary: str = "Completed", reason: str = "",
                  containers: Optional[list] = None, resolved_problem_type: Optional[str] = None) -> None:
    """Move a moto job on, as Autopilot would."""
    job = sagemaker_backend().auto_ml_jobs[name]
    job.auto_ml_job_status = status
    job.auto_ml_job_secondary_status = secondary
    job.failure_reason = reason
    if containers is not None:
        job.best_candidate["InferenceContainers"] = copy.deepcopy(containers)
    if resolved_problem_type:
        job.resolved_attributes["AutoMLProblemTypeResolvedAttributes"] = {
            "TabularResolvedAttributes": {"ProblemType": resolved_problem_type}}


def completed_job(name: str, problem_type: str = "BinaryClassification") -> None:
    start_moto_job(name, problem_type)
    set_job_state(name, "Completed", containers=CONTAINERS, resolved_problem_type=problem_type)
