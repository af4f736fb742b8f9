"""Every fixed UDF (registry-driven): hostile values for AWS names, regions, instance types and S3 buckets are
refused with an E-SME error before any request reaches AWS, and no error path (invalid input, AWS refusing the
key, missing resources, unusable connection) shows the connection's secret key or session token in an
error, an emitted row or a log record (DEBUG, botocore's included)."""
from __future__ import annotations

import logging
import re
from typing import Any, Callable, Optional

import pytest
from botocore.exceptions import ClientError
from exasol_udf_mock_python.connection import Connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws
from moto.core import enable_iam_authentication

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.deployment.statements import UDF_NAMES
from exasol_sagemaker_extension.errors import SageMakerExtensionError
from tests.integration.prediction.conftest import error_texts
from tests.integration.security.udf_registry import (AWS_NAME_PARAMETERS, NOT_YET_COVERED, S3_LOCATION_PARAMETERS,
                                                     UDF_CASES)
from tests.integration.udfs import udf_wrappers
from tests.integration.udfs.conftest import ACCESS_KEY_ID, BUCKET, CONNECTION_NAME, REGION, Recorder
from tests.integration.udfs.udf_runner import as_row, run_udf

SECRET = "SECRET-MARKER-9f3c"
TOKEN = "MARKER2-token-5e7a"
E_SME = re.compile(r"^E-SME-\d+: ")
FRAGMENTS = ["'", '"', ";", "--", "::x", ":x", "\x00", "\n", "\t", " ", "/", "_", ".", "é", "日本", "🙂",
             "' OR '1'='1", "'; DROP TABLE t; --", "x" * 70, "../", "%2F", "?a=b", "#"]
NOT_AN_AWS_NAME = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=4).map(
    "".join).filter(lambda text: re.fullmatch(r"[A-Za-z0-9-]*", text) is None)
# AWS's bucket names: 3 to 63 lower-case letters, digits, dots and hyphens, a letter or digit at both ends.
NOT_A_BUCKET_NAME = st.one_of(NOT_AN_AWS_NAME, st.sampled_from(["b", "ab", "Upper-Case", "-bucket", "bucket-",
                                                                "b" * 64])).filter(
    lambda text: re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", text) is None and "/" not in text)
# The codes of refused input (names, values, types): the registered arguments must never get one.
INPUT_ERROR_CODES = {code for name, code in vars(error_codes).items() if name.isupper() and isinstance(code, int)
                     and name.startswith(("INVALID_", "MISSING_", "WRONG_"))}


def marker_connections(user: str = ACCESS_KEY_ID) -> dict[str, Connection]:
    return {CONNECTION_NAME: Connection(address=f"https://{BUCKET}.s3.{REGION}.amazonaws.com/", user=user,
                                        password=f"{SECRET};session_token={TOKEN}")}


def call(udf: str, connections: dict, recorder: Optional[Recorder] = None, refusing_key: bool = False,
         **changes: Any) -> list[tuple]:
    """Run the UDF once with its registered arguments and ``changes``; AWS is moto (run inside mock_aws)."""
    case = UDF_CASES[udf]
    recorder = (recorder or Recorder()).install()
    recorder.on("before-call.sagemaker.ListCandidatesForAutoMLJob", answer_as_aws_without_the_job(refusing_key))
    return run_udf(udf, case.wrapper(), [as_row({**case.arguments, **changes}, udf)], connections)


def answer_as_aws_without_the_job(refusing_key: bool) -> Callable:
    """ListCandidatesForAutoMLJob, which moto lacks, answered as AWS does for an unknown key or an unknown job."""
    def hook(**_: Any) -> None:
        if refusing_key:
            raise ClientError({"Error": {"Code": "UnrecognizedClientException", "Message": "The security token"
                                         " included in the request is invalid."}}, "ListCandidatesForAutoMLJob")
        raise ClientError({"Error": {"Code": "ResourceNotFound", "Message": "Job not found"}},
                          "ListCandidatesForAutoMLJob")
    return hook


@pytest.fixture(autouse=True)
def plain_aws_environment(monkeypatch):
    for variable in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SAGEMAKER", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_STS",
                     "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    yield
    udf_wrappers.use_options(None)


def test_every_fixed_udf_is_in_the_registry_or_listed_as_not_yet_covered():
    assert set(UDF_NAMES) - set(UDF_CASES) - NOT_YET_COVERED == set()
    assert set(UDF_CASES) <= set(UDF_NAMES)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_value_aws_does_not_allow_as_a_name_is_refused_before_any_request(data):
    udf = data.draw(st.sampled_from(sorted(UDF_CASES)), label="udf")
    parameter = data.draw(st.sampled_from(sorted(AWS_NAME_PARAMETERS & set(UDF_CASES[udf].arguments))),
                          label="parameter")
    value = data.draw(NOT_AN_AWS_NAME, label="value")
    recorder = Recorder()
    with mock_aws():
        with pytest.raises(SageMakerExtensionError) as raised:
            call(udf, marker_connections(), recorder, **{parameter: value})
    assert E_SME.match(str(raised.value)), str(raised.value)
    assert recorder.calls == []


NAME_CASES = sorted((udf, parameter) for udf, case in UDF_CASES.items() for parameter in case.arguments
                    if parameter in AWS_NAME_PARAMETERS)


@pytest.mark.parametrize("udf, parameter", NAME_CASES)
def test_every_aws_name_parameter_of_every_udf_refuses_an_injection_before_any_request(udf, parameter):
    recorder = Recorder()
    with mock_aws():
        with pytest.raises(SageMakerExtensionError) as raised:
            call(udf, marker_connections(), recorder, **{parameter: "x'; DROP TABLE t; --\n"})
    assert E_SME.match(str(raised.value)), str(raised.value)
    assert recorder.calls == []


def s3_location_with_bucket(parameter: str, bucket: str) -> str:
    """The parameter's working value with another bucket name."""
    return "s3://" + bucket + ("" if parameter == "s3_bucket_uri" else "/ml/job-1/output/")


S3_CASES = sorted((udf, parameter) for udf, case in UDF_CASES.items() for parameter in case.arguments
                  if parameter in S3_LOCATION_PARAMETERS)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_s3_location_whose_bucket_aws_does_not_allow_is_refused_before_any_request(data):
    udf, parameter = data.draw(st.sampled_from(S3_CASES), label="udf and parameter")
    bucket = data.draw(NOT_A_BUCKET_NAME, label="bucket")
    recorder = Recorder()
    with mock_aws():
        with pytest.raises(SageMakerExtensionError) as raised:
            call(udf, marker_connections(), recorder, **{parameter: s3_location_with_bucket(parameter, bucket)})
    assert E_SME.match(str(raised.value)), str(raised.value)
    assert recorder.calls == []


@pytest.mark.parametrize("udf", sorted(UDF_CASES))
def test_the_registered_arguments_of_every_udf_pass_its_checks_and_reach_aws(udf):
    """So that the refusals above come from the hostile value, not from a broken call."""
    recorder = Recorder()
    with mock_aws():
        try:
            call(udf, marker_connections(), recorder)
        except SageMakerExtensionError as error:
            assert error.code not in INPUT_ERROR_CODES, str(error)
    assert recorder.calls != []


ERROR_PATHS = {
    "an invalid region": lambda udf: call(udf, marker_connections(), aws_region="eu_central_1"),
    "a connection without access key id": lambda udf: call(udf, marker_connections(user="")),
    "AWS refusing the key": lambda udf: call(udf, marker_connections(), refusing_key=True),
    "missing resources": lambda udf: call(udf, marker_connections()),
}


@pytest.mark.parametrize("path", sorted(ERROR_PATHS))
@pytest.mark.parametrize("udf", sorted(UDF_CASES))
def test_no_error_path_shows_the_secret_key_or_the_session_token(udf, path, caplog):
    caplog.set_level(logging.DEBUG)
    shown: list[str] = []
    with mock_aws():
        try:
            if path == "AWS refusing the key":
                with enable_iam_authentication():
                    shown.append(repr(ERROR_PATHS[path](udf)))
            else:
                shown.append(repr(ERROR_PATHS[path](udf)))
        except SageMakerExtensionError as error:
            assert E_SME.match(str(error)), str(error)
            assert error.code == error_codes.AWS_ACCESS_DENIED or path != "AWS refusing the key", str(error)
            shown.append(error_texts(error))
    # moto's own records are AWS's side, which receives the credentials anyway
    logged = [f"{record.name} {record.getMessage()}" for record in caplog.records if not record.name.startswith("moto")]
    shown.extend(logged)
    assert any(line.startswith("botocore") for line in logged) or path in (
        "an invalid region", "a connection without access key id")
    for text in shown:
        assert SECRET not in text and TOKEN not in text
