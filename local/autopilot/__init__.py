"""A local Autopilot for the local runtime: moto records AutoML V2 jobs, this package trains them.

``install()`` patches moto's SageMaker (``service``); an ``AutopilotWorker`` (``worker``) trains the
tabular jobs created while it runs with scikit-learn and records candidates, the best candidate and
each candidate's model (``model_artifact``, the contract with the local endpoints) in the emulated S3
bucket. A running worker holds the patches (``installed()``); when the last one stops, moto is plain
again unless ``install()`` was called on its own. ``local/aws_standin.py`` runs a worker for
``sme-local``; tests with ``mock_aws`` run one with ``endpoint_url=None``. Product code never imports this.
"""
from __future__ import annotations

from typing import Any, Optional

LOCAL_IMAGE = "sme-local/autopilot-sklearn:1"


def install() -> None:
    """Patch moto's SageMaker with the local Autopilot's API until ``uninstall()`` (idempotent)."""
    from exasol_sagemaker_extension.local.autopilot import service

    service.install()


def uninstall() -> None:
    """Give moto its own SageMaker behaviour back."""
    from exasol_sagemaker_extension.local.autopilot import service

    service.uninstall()


def start_worker(endpoint_url: Optional[str] = None, **options: Any) -> Any:
    """Start an ``AutopilotWorker``, which holds the patches until it stops (``endpoint_url``: the AWS
    stand-in's address, None under mock_aws)."""
    from exasol_sagemaker_extension.local.autopilot.worker import AutopilotWorker

    return AutopilotWorker(endpoint_url=endpoint_url, **options).start()
