"""Turns botocore failures into the extension's errors: one code per kind, the AWS action named.

A message says which AWS action failed, AWS's own error code and message, and what to do. It never
contains a secret: AWS does not echo secret keys, and anything shaped like one is masked anyway.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Type

from botocore.exceptions import BotoCoreError, ClientError

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import AwsCallError

ACCESS_DENIED_CODES = frozenset({
    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthFailure",
    "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId",
    "SignatureDoesNotMatch", "IncompleteSignature", "InvalidSignatureException",
    "MissingAuthenticationToken", "ExpiredToken", "ExpiredTokenException", "RequestExpired",
    "InvalidToken", "TokenRefreshRequired",
})
NOT_FOUND_CODES = frozenset({
    "ResourceNotFound", "ResourceNotFoundException", "NotFound", "NoSuchKey", "NoSuchBucket",
    "NoSuchEntity", "404",
})
ALREADY_EXISTS_CODES = frozenset({
    "ResourceInUse", "ResourceInUseException", "AlreadyExists", "AlreadyExistsException",
    "ResourceAlreadyExists", "ResourceAlreadyExistsException", "ConflictException",
})
# Actions that hand a role to SageMaker, so iam:PassRole on that role is needed as well.
_ROLE_PASSING_ACTIONS = frozenset({"sagemaker:CreateAutoMLJobV2", "sagemaker:CreateModel"})
_NOT_FOUND_PHRASES = ("could not find", "does not exist", "not found")
_ALREADY_EXISTS_PHRASES = ("already exist", "already in use")
_MESSAGE_MAX_LENGTH = 500
# Secret access keys are 40 characters of base64; session tokens are longer runs of the same alphabet.
_SECRET_SHAPE = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40,}=*(?![A-Za-z0-9/+=])")


@dataclass(frozen=True)
class NotFound:
    """What a caller wants raised when the resource it asked for does not exist."""

    code: int
    what: str
    mitigation: str
    error_type: Type[AwsCallError] = AwsCallError


def aws_error_code(error: Exception) -> str:
    """AWS's error code of a ``ClientError`` (empty for anything else)."""
    if isinstance(error, ClientError):
        return str(error.response.get("Error", {}).get("Code", ""))
    return ""


def aws_error_message(error: Exception) -> str:
    """AWS's error message of a ``ClientError``, shortened and with secret-shaped text masked."""
    if isinstance(error, ClientError):
        text = str(error.response.get("Error", {}).get("Message", ""))
    else:
        text = str(error)
    return mask_secrets(" ".join(text.split()))[:_MESSAGE_MAX_LENGTH]


def mask_secrets(text: str) -> str:
    """Replace every run that could be a secret key or session token by ``***``."""
    return _SECRET_SHAPE.sub("***", text)


def is_access_denied(error: Exception) -> bool:
    """Tell whether AWS refused the credentials or the permission."""
    if not isinstance(error, ClientError):
        return False
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return aws_error_code(error) in ACCESS_DENIED_CODES or aws_error_code(error) == "403" or status == 403


def is_not_found(error: Exception) -> bool:
    """Tell whether AWS says the resource does not exist (SageMaker often says so in a ValidationException)."""
    code = aws_error_code(error)
    if code in NOT_FOUND_CODES:
        return True
    return code == "ValidationException" and _mentions(error, _NOT_FOUND_PHRASES)


def is_already_exists(error: Exception) -> bool:
    """Tell whether AWS refused to create something because the name is taken."""
    code = aws_error_code(error)
    if code in ALREADY_EXISTS_CODES:
        return True
    return code == "ValidationException" and _mentions(error, _ALREADY_EXISTS_PHRASES)


def translate_aws_error(error: Exception, action: str, not_found: Optional[NotFound] = None,
                        default_code: int = error_codes.AWS_CALL_FAILED,
                        default_mitigation: Optional[str] = None) -> AwsCallError:
    """The extension error for a failed AWS call; ``action`` is the IAM action, e.g. ``sagemaker:CreateModel``."""
    code = aws_error_code(error) or type(error).__name__
    detail = f"AWS call {action} failed with {code}: {aws_error_message(error)}"
    if is_access_denied(error):
        pass_role = " and iam:PassRole on the SageMaker role" if action in _ROLE_PASSING_ACTIONS else ""
        return AwsCallError(
            error_codes.AWS_ACCESS_DENIED, detail,
            "Check that the CONNECTION holds a valid, unexpired access key (USER) and secret key "
            "(IDENTIFIED BY), with ;session_token=<token> appended for temporary credentials, and "
            f"that this identity is allowed {action}{pass_role}.")
    if not_found is not None and is_not_found(error):
        return not_found.error_type(not_found.code, f"{not_found.what} ({detail})", not_found.mitigation)
    if is_already_exists(error):
        return AwsCallError(
            error_codes.RESOURCE_ALREADY_EXISTS, detail,
            "Delete the existing resource first or choose another name.")
    if isinstance(error, BotoCoreError):
        return AwsCallError(
            default_code, detail,
            default_mitigation or "Check the region and the network route from the database to AWS, "
            "then try again.")
    return AwsCallError(
        default_code, detail,
        default_mitigation or "Check the values given and the AWS service health, then try again.")


def _mentions(error: Exception, phrases: tuple[str, ...]) -> bool:
    message = aws_error_message(error).lower()
    return any(phrase in message for phrase in phrases)
