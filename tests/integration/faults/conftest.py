"""Fixtures of the fault tests: a faulty proxy on 127.0.0.1 in front of a fake SageMaker runtime or of
moto's server, botocore pointed at the proxy, and botocore's backoff delays recorded instead of slept."""
from __future__ import annotations

import urllib.request
from typing import Any, Iterator

import boto3
import pytest
from botocore.retries import standard
from moto.server import ThreadedMotoServer

from tests.integration.faults.faulty_proxy import FaultyProxy
from tests.integration.prediction.fake_endpoint import FakeRuntimeServer
from tests.integration.udfs import udf_wrappers
from tests.integration.udfs.conftest import ACCESS_KEY_ID, BUCKET, CONTAINERS, REGION, ROLE_ARN, set_job_state

_AWS_VARIABLES = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SAGEMAKER", "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME",
                  "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_STS", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
                  "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_RETRY_MODE",
                  "AWS_MAX_ATTEMPTS")


@pytest.fixture(autouse=True)
def plain_aws_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No profile, no endpoint variable, no retry setting from outside the test."""
    for variable in _AWS_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    yield
    udf_wrappers.use_options(None)


@pytest.fixture(autouse=True)
def backoff_delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays botocore's standard retry mode chose, one per retry; none is slept, so tests stay fast."""
    delays: list[float] = []
    choose = standard.ExponentialBackoff.delay_amount

    def record(self: Any, context: Any) -> float:
        delays.append(choose(self, context))
        return 0.0

    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", record)
    return delays


@pytest.fixture
def runtime_server() -> Iterator[FakeRuntimeServer]:
    server = FakeRuntimeServer().start()
    yield server
    server.stop()


@pytest.fixture
def runtime_proxy(runtime_server: FakeRuntimeServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultyProxy]:
    """The faulty proxy in front of the fake SageMaker runtime; the prediction UDF talks to the proxy."""
    proxy = FaultyProxy(runtime_server.url).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", proxy.url)
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")
def moto_server() -> Iterator[str]:
    """moto's server on 127.0.0.1; its URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def sagemaker_proxy(moto_server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultyProxy]:
    """The faulty proxy in front of a freshly reset moto; the UDFs' SageMaker calls go through it."""
    urllib.request.urlopen(urllib.request.Request(f"{moto_server}/moto-api/reset", data=b"", method="POST"),
                           timeout=10).read()
    proxy = FaultyProxy(moto_server).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", proxy.url)
    yield proxy
    proxy.stop()


def moto_client(moto_server: str, service: str = "sagemaker") -> Any:
    """A test-side client straight to moto (not through the proxy), for arranging and checking."""
    return boto3.client(service, region_name=REGION, endpoint_url=moto_server, aws_access_key_id=ACCESS_KEY_ID,
                        aws_secret_access_key="arranger")


def completed_job(moto_server: str, name: str, problem_type: str = "Regression") -> None:
    """An Autopilot job in moto that Autopilot has completed (moto needs ProblemType and CompletionCriteria,
    AWS does not)."""
    moto_client(moto_server).create_auto_ml_job_v2(
        AutoMLJobName=name,
        AutoMLJobInputDataConfig=[{"ChannelType": "training", "ContentType": "text/csv;header=present",
                                   "DataSource": {"S3DataSource": {
                                       "S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/ml/{name}/"}}}],
        OutputDataConfig={"S3OutputPath": f"s3://{BUCKET}/ml/{name}/output"},
        AutoMLProblemTypeConfig={"TabularJobConfig": {
            "TargetAttributeName": "y", "ProblemType": problem_type, "CompletionCriteria": {"MaxCandidates": 1}}},
        RoleArn=ROLE_ARN)
    set_job_state(name, "Completed", containers=CONTAINERS, resolved_problem_type=problem_type)


def sagemaker_resources(moto_server: str) -> tuple[list[str], list[str], list[str]]:
    """Names of the models, endpoint configs and endpoints in moto."""
    client = moto_client(moto_server)
    return ([model["ModelName"] for model in client.list_models()["Models"]],
            [config["EndpointConfigName"] for config in client.list_endpoint_configs()["EndpointConfigs"]],
            [endpoint["EndpointName"] for endpoint in client.list_endpoints()["Endpoints"]])
