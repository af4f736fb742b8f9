"""The errors SageMaker's runtime answers ``InvokeEndpoint`` with, as moto serializes them.

- An endpoint that does not exist (never created, deleted, or not ``InService``): ``ValidationError``
  (HTTP 400) "Endpoint <name> of account <account> not found." (as users of AWS report it, e.g.
  aws/amazon-sagemaker-examples#293 and #559, the latter for an endpoint deleted before the call).
- A container that answers 4xx/5xx: ``ModelError`` (HTTP 424) with ``OriginalStatusCode``,
  ``OriginalMessage`` and ``LogStreamArn``; the message names the container's status and message
  and the CloudWatch log group (botocore's service model; message as in aws/sagemaker-python-sdk#2955).
- A body over the 6 MiB limit (the service model's ``BodyBlob`` max, 6291456 bytes, which botocore
  does not check on the client): HTTP 413 with only a message, so botocore's error code is ``413``
  (aws/sagemaker-python-sdk#171: "An error occurred (413) ... HTTP content length exceeded 5246976
  bytes.", from when the limit was 5 MB).
- A body over a serverless endpoint's 4 MB limit: ``ValidationError`` (HTTP 400) "Request <id> has
  oversize body." (aws/sagemaker-python-sdk#4271, for a serverless endpoint that a real-time one of the
  same model served).
"""
from __future__ import annotations

import json
import uuid

from moto.core.common_types import TYPE_RESPONSE
from moto.core.exceptions import ServiceException

MAX_BODY_BYTES = 6 * 1024 * 1024
SERVERLESS_MAX_BODY_BYTES = 4 * 1000 * 1000
PRIMARY_CONTAINER = "primary"


class EndpointNotFound(ServiceException):
    """``ValidationError``: the account has no endpoint of that name that can take requests."""

    code = "ValidationError"

    def __init__(self, name: str, account_id: str):
        super().__init__(f"Endpoint {name} of account {account_id} not found.")


class OversizeBody(ServiceException):
    """``ValidationError``: a serverless endpoint refuses a body over its payload limit."""

    code = "ValidationError"

    def __init__(self) -> None:
        super().__init__(f"Request {uuid.uuid4()} has oversize body.")


class ModelError(ServiceException):
    """``ModelError``: the model's container answered with an error status."""

    code = "ModelError"

    def __init__(self, name: str, account_id: str, region: str, status: int, message: str):
        kind = "client" if 400 <= status < 500 else "server"
        log_group = f"/aws/sagemaker/Endpoints/{name}"
        super().__init__(
            f'Received {kind} error ({status}) from {PRIMARY_CONTAINER} with message "{message}". See '
            f"https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}"
            f"#logEventViewer:group={log_group} in account {account_id} for more information.")
        self.original_status_code = status
        self.original_message = message
        self.log_stream_arn = f"arn:aws:logs:{region}:{account_id}:log-group:{log_group}"


def payload_too_large() -> TYPE_RESPONSE:
    """The HTTP 413 answer to a body over the limit (moto takes the status from the ``status`` header)."""
    body = json.dumps({"message": f"HTTP content length exceeded {MAX_BODY_BYTES} bytes."})
    return 413, {"status": "413", "Content-Type": "application/json"}, body
