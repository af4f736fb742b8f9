import pytest

from exasol_sagemaker_extension import errors


@pytest.mark.parametrize("error_class", [errors.InvalidInputError, errors.ConnectionObjectError,
                                         errors.AwsCallError, errors.AutopilotJobError,
                                         errors.EndpointError, errors.PredictionError,
                                         errors.DeploymentError])
def test_every_error_is_a_sagemaker_extension_error_with_a_coded_text(error_class):
    error = error_class(7, "the thing broke.", "Fix the thing.")
    assert isinstance(error, errors.SageMakerExtensionError)
    assert str(error) == "E-SME-7: the thing broke. Fix the thing."
    assert error.error_code == "E-SME-7"


def test_autopilot_and_endpoint_errors_are_aws_call_errors():
    assert issubclass(errors.AutopilotJobError, errors.AwsCallError)
    assert issubclass(errors.EndpointError, errors.AwsCallError)
