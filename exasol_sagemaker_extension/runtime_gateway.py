"""A thin layer over boto3's ``sagemaker-runtime`` client: send one CSV batch, get the answer text.

Retries are botocore's (standard mode: throttling, 5xx and connection errors, with backoff); what still
fails leaves this module as E-SME-70 (the endpoint does not exist) or E-SME-71 (anything else), naming
the endpoint and the batch. No message contains a secret.
"""
from __future__ import annotations

from typing import Any, Iterable, NamedTuple, Optional

from botocore.exceptions import BotoCoreError, ClientError

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.aws_errors import (aws_error_code, aws_error_message,
                                                   is_access_denied)
from exasol_sagemaker_extension.errors import EndpointError, PredictionError

CONTENT_TYPE = "text/csv"
ACCEPT = "text/csv"
# SageMaker gives a container 60 s to answer; the client waits a little longer (AWS's advice).
READ_TIMEOUT_SECONDS = 70
CONNECT_TIMEOUT_SECONDS = 10
_VALIDATION_CODES = frozenset({"ValidationError", "ValidationException"})


class BatchInfo(NamedTuple):
    """Where a batch sits in the group: its number and its rows (1-based, inclusive)."""

    number: int
    first_row: int
    last_row: int

    def describe(self) -> str:
        return f"batch {self.number}, rows {self.first_row}..{self.last_row} of the group"


class RuntimeGateway:
    """Invokes one endpoint with CSV bodies; errors become the extension's prediction errors."""

    def __init__(self, runtime_client: Any, udf_name: Optional[str] = None,
                 redact: Iterable[Optional[str]] = ()):
        self._client = runtime_client
        self._udf_name = udf_name
        self._redact = [secret for secret in redact if secret]

    def invoke(self, endpoint_name: str, body: bytes, batch: Optional[BatchInfo] = None) -> str:
        """Send ``body`` (text/csv) to the endpoint and return its answer as text."""
        try:
            response = self._client.invoke_endpoint(
                EndpointName=endpoint_name, Body=body, ContentType=CONTENT_TYPE, Accept=ACCEPT)
            answer = response["Body"].read()
        except (ClientError, BotoCoreError) as error:
            raise self._translate(error, endpoint_name, batch) from None
        try:
            return answer.decode("utf-8")
        except UnicodeDecodeError:
            raise PredictionError(
                error_codes.PREDICTION_NOT_PARSABLE,
                f"the answer of endpoint {endpoint_name}{_at(batch)} is not UTF-8 text",
                "Check that the endpoint answers text/csv.") from None

    def _translate(self, error: Exception, endpoint_name: str,
                   batch: Optional[BatchInfo]) -> PredictionError:
        code = aws_error_code(error) or type(error).__name__
        message = self._clean(aws_error_message(error))
        if code in _VALIDATION_CODES and "not found" in message.lower():
            region = getattr(getattr(self._client, "meta", None), "region_name", None)
            return EndpointError(
                error_codes.ENDPOINT_NOT_FOUND,
                f"endpoint {endpoint_name} does not exist{f' in region {region}' if region else ''} "
                f"(it may have been deleted): {message}",
                "Deploy it again with SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT, or drop this prediction "
                f"UDF ({self._drop_statement(endpoint_name)}).")
        if is_access_denied(error):
            mitigation = ("Check that the CONNECTION holds a valid, unexpired key pair and that this "
                          f"identity is allowed sagemaker:InvokeEndpoint on {endpoint_name}.")
        elif code == "ModelError":
            mitigation = ("The model container rejected the batch; check the endpoint's CloudWatch logs "
                          "(/aws/sagemaker/Endpoints/" + endpoint_name + ").")
        else:
            mitigation = ("Check that the endpoint is InService and reachable from the database, "
                          "and its CloudWatch logs; then run the query again.")
        return PredictionError(
            error_codes.INVOCATION_FAILED,
            f"invoking endpoint {endpoint_name} failed{_at(batch)} with {code}: {message}",
            mitigation)

    def _drop_statement(self, endpoint_name: str) -> str:
        name = self._udf_name or f'<schema>."{endpoint_name}"'
        return f"DROP SCRIPT {name}"

    def _clean(self, text: str) -> str:
        for secret in self._redact:
            text = text.replace(secret, "***")
        return text


def _at(batch: Optional[BatchInfo]) -> str:
    return f" ({batch.describe()})" if batch else ""
