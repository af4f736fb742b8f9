"""The extension's one error hierarchy.

Every error carries a stable code ``E-SME-<n>``; its text says what went wrong and what to do, and
never contains a secret. UDFs let these messages reach SQL unchanged; the deploy CLI turns them into
click errors at its edge. The full code table lives in ``doc/user_guide.md``.
"""
from __future__ import annotations


class SageMakerExtensionError(Exception):
    """Base of all errors raised by the extension."""

    def __init__(self, code: int, message: str, mitigation: str):
        self.code = code
        self.message = message
        self.mitigation = mitigation
        super().__init__(self.text)

    @property
    def error_code(self) -> str:
        return f"E-SME-{self.code}"

    @property
    def text(self) -> str:
        return f"{self.error_code}: {self.message.rstrip('.')}. {self.mitigation}"


class InvalidInputError(SageMakerExtensionError):
    """A name, value or option given by the user breaks a rule."""


class ConnectionObjectError(SageMakerExtensionError):
    """The Exasol CONNECTION holding the AWS credentials is missing or unusable."""


class AwsCallError(SageMakerExtensionError):
    """An AWS API call failed."""


class AutopilotJobError(AwsCallError):
    """The Autopilot job is unknown, failed, or not ready for what was asked."""


class EndpointError(AwsCallError):
    """An endpoint could not be created, reached or deleted."""


class PredictionError(SageMakerExtensionError):
    """A prediction batch could not be sent or its answer not understood."""


class DeploymentError(SageMakerExtensionError):
    """Installing the extension into the database failed."""
