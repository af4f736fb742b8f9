"""The prediction UDF against an endpoint that throttles, fails for a while, or rejects one batch: the
product's own runtime client (botocore standard mode) retries what AWS calls transient, and what still
fails ends the query with one E-SME error naming the endpoint and the batch."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.aws_session import DEFAULT_MAX_ATTEMPTS
from exasol_sagemaker_extension.errors import SageMakerExtensionError
from tests.integration.faults.faulty_proxy import (CONNECTION_LOST, INTERNAL_500, THROTTLED_429, UNAVAILABLE_503,
                                                   Fault)
from tests.integration.prediction.conftest import SECRET, error_texts, prediction_exa, run_udf
from tests.integration.prediction.fake_endpoint import regression_model

pytestmark = pytest.mark.filterwarnings(
    "ignore:The behavior of DataFrame concatenation with empty or all-NA entries:FutureWarning")

ENDPOINT = "churn-ep"
INVOCATIONS = f"/endpoints/{ENDPOINT}/invocations"
INPUTS = [("A", "DOUBLE"), ("B", "DECIMAL(9,0)")]
ROWS = [(float(index), index) for index in range(12)]
# at most 16 bytes per request: "0,0".."3,3" and "4,4".."7,7" (15 bytes each), "8,8\n9,9\n10,10", "11,11"
BATCHES = [(1, 4), (5, 8), (9, 11), (12, 12)]
MODEL_ERROR = Fault(424, "ModelError", "Received client error (400) from primary with message "
                                       "\"could not convert string to float\".")


def predict(**options):
    return run_udf(prediction_exa(INPUTS, "Regression", endpoint=ENDPOINT, max_payload_bytes=16, **options),
                   [ROWS])


@pytest.mark.parametrize("faults", [
    [THROTTLED_429],
    [UNAVAILABLE_503, UNAVAILABLE_503],
    [THROTTLED_429, UNAVAILABLE_503, INTERNAL_500],
    [CONNECTION_LOST],
], ids=["throttled", "unavailable-twice", "throttled-then-5xx", "connection-lost"])
def test_transient_endpoint_faults_are_retried_and_the_query_succeeds(runtime_server, runtime_proxy, backoff_delays,
                                                                       faults):
    runtime_server.runtime.serve(ENDPOINT, regression_model)
    runtime_proxy.plan.fail(INVOCATIONS, *faults)
    rows = predict()
    assert [row[:2] for row in rows[0]] == ROWS
    first_batch = runtime_proxy.plan.attempts(INVOCATIONS)[:len(faults) + 1]
    assert first_batch[-1] == 200 and len(first_batch) == len(faults) + 1
    assert len(backoff_delays) == len(faults)  # botocore waited before each retry


def test_an_endpoint_that_keeps_failing_is_tried_the_configured_number_of_times(runtime_server, runtime_proxy,
                                                                                backoff_delays):
    runtime_server.runtime.serve(ENDPOINT, regression_model)
    runtime_proxy.plan.fail(INVOCATIONS, UNAVAILABLE_503, forever=True)
    with pytest.raises(SageMakerExtensionError) as raised:
        predict()
    # botocore's retries["max_attempts"] counts the retries after the first request ("total_max_attempts"
    # would count that one too): one request and DEFAULT_MAX_ATTEMPTS retries
    assert runtime_proxy.plan.attempts(INVOCATIONS) == [503] * (1 + DEFAULT_MAX_ATTEMPTS)
    assert len(backoff_delays) == DEFAULT_MAX_ATTEMPTS
    assert raised.value.code == error_codes.INVOCATION_FAILED
    assert f"invoking endpoint {ENDPOINT} failed (batch 1, rows 1..4 of the group) with ServiceUnavailable" \
        in str(raised.value)


@pytest.mark.parametrize("failing_batch", [1, 3, 4])
def test_a_model_error_in_one_batch_names_the_endpoint_the_batch_and_its_rows(runtime_server, runtime_proxy,
                                                                             failing_batch):
    runtime_server.runtime.serve(ENDPOINT, regression_model)
    runtime_proxy.plan.fail_when(lambda request: request.operation == INVOCATIONS
                                 and len(runtime_proxy.plan.attempts(INVOCATIONS)) == failing_batch, MODEL_ERROR)
    with pytest.raises(SageMakerExtensionError) as raised:
        predict()
    first, last = BATCHES[failing_batch - 1]
    text = str(raised.value)
    assert text.startswith(f"E-SME-{error_codes.INVOCATION_FAILED}: invoking endpoint {ENDPOINT} failed "
                           f"(batch {failing_batch}, rows {first}..{last} of the group) with ModelError: "), text
    assert "could not convert string to float" in text
    assert f"/aws/sagemaker/Endpoints/{ENDPOINT}" in text  # where to look: the endpoint's CloudWatch logs
    # a ModelError is the model's answer, not a transient fault: it is not sent again
    assert runtime_proxy.plan.attempts(INVOCATIONS) == [200] * (failing_batch - 1) + [424]
    assert SECRET not in error_texts(raised.value)
