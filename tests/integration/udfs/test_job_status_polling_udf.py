import pytest
from botocore.stub import Stubber

from exasol_sagemaker_extension import error_codes
from tests.integration.udfs import udf_wrappers
from tests.integration.udfs.conftest import (CONNECTION_NAME, REGION, aws_client, connections, raises_sme,
                                             set_job_state, start_moto_job)
from tests.integration.udfs.udf_runner import as_row, run_udf

UDF = "SME_AUTOPILOT_JOB_STATUS_POLLING_UDF"


def poll(job_name="job-1", conns=None):
    row = as_row(dict(job_name=job_name, aws_credentials_connection_name=CONNECTION_NAME,
                      aws_region=REGION), UDF)
    return run_udf(UDF, udf_wrappers.polling(), [row], connections() if conns is None else conns)


@pytest.mark.parametrize("status, secondary, reason, expected", [
    ("InProgress", "TrainingModels", "", ("InProgress", "TrainingModels", None)),
    ("Completed", "Completed", "", ("Completed", "Completed", None)),
    ("Failed", "Failed", "ClientError: target column y has only one value",
     ("Failed", "Failed", "ClientError: target column y has only one value")),
    ("Stopped", "Stopped", "", ("Stopped", "Stopped", None)),
])
def test_polling_emits_status_secondary_status_and_failure_reason(recorder, status, secondary, reason,
                                                                  expected):
    start_moto_job("job-1")
    set_job_state("job-1", status, secondary, reason)
    assert poll() == [expected]


def test_polling_describes_exactly_the_named_job(recorder):
    start_moto_job("job-1")
    poll()
    assert recorder.requests("DescribeAutoMLJobV2") == [{"AutoMLJobName": "job-1"}]


def test_polling_cuts_a_failure_reason_to_the_column_width(recorder):
    start_moto_job("job-1")
    set_job_state("job-1", "Failed", "Failed", "x" * 5000)
    assert len(poll()[0][2]) == 4096


def test_polling_an_unknown_job_raises_e_sme_53(recorder):
    with raises_sme(error_codes.JOB_NOT_FOUND) as raised:
        poll("no-such-job")
    assert "no-such-job" in str(raised.value)


def test_polling_rejects_an_invalid_job_name_before_calling_aws(recorder):
    with raises_sme(error_codes.INVALID_JOB_NAME):
        poll("job name with spaces")
    assert recorder.calls == []


def test_polling_with_credentials_aws_refuses_raises_e_sme_52(recorder):
    sagemaker = aws_client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_client_error("describe_auto_ml_job_v2", "UnrecognizedClientException",
                                 "The security token included in the request is invalid.", 400)
        recorder.override("sagemaker", sagemaker)
        with raises_sme(error_codes.AWS_ACCESS_DENIED) as raised:
            poll()
    assert "sagemaker:DescribeAutoMLJobV2 failed with UnrecognizedClientException" in str(raised.value)


def test_polling_without_the_connection_raises_e_sme_50(recorder):
    with raises_sme(error_codes.CONNECTION_NOT_USABLE):
        poll(conns={})


def test_polling_through_the_plain_udf_shell_works(aws):
    start_moto_job("job-1")
    assert poll() == [("InProgress", "Completed", None)]
