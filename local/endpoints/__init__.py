"""Local SageMaker endpoints that really predict, for models the local Autopilot trained.

``install()`` extends moto in-process (``ThreadedMotoServer`` and ``mock_aws`` alike); see ``service``.
``lifecycle`` holds the creation delay and the model loading, ``serving`` what the container answers,
``runtime_errors`` the errors SageMaker's runtime answers with.
"""
from exasol_sagemaker_extension.local.endpoints.lifecycle import (CREATING_SECONDS_VARIABLE,
                                                                  LOCAL_IMAGE_PREFIX, SETTINGS)
from exasol_sagemaker_extension.local.endpoints.service import install, is_installed

__all__ = ["CREATING_SECONDS_VARIABLE", "LOCAL_IMAGE_PREFIX", "SETTINGS", "install", "is_installed"]
