"""A local Autopilot for the local runtime: moto records AutoML V2 jobs, this package trains them.

``install()`` patches moto's SageMaker once per process (``service``); an ``AutopilotWorker``
(``worker``) trains the tabular jobs created after that with scikit-learn and records candidates, the
best candidate and each candidate's model (``model_artifact``, the contract with the local endpoints)
in the emulated S3 bucket. ``local/aws_standin.py`` does both for ``sme-local``; tests with ``mock_aws``
call ``install()`` and run a worker with ``endpoint_url=None``. Product code never imports this.
"""
from __future__ import annotations

from typing import Any, Optional

LOCAL_IMAGE = "sme-local/autopilot-sklearn:1"


def install() -> None:
    """Patch moto's SageMaker with the local Autopilot's API (idempotent)."""
    from exasol_sagemaker_extension.local.autopilot.service import install as install_service

    install_service()


def start_worker(endpoint_url: Optional[str] = None, **options: Any) -> Any:
    """Install and start an ``AutopilotWorker`` (``endpoint_url``: the AWS stand-in, None under mock_aws)."""
    from exasol_sagemaker_extension.local.autopilot.worker import AutopilotWorker

    install()
    return AutopilotWorker(endpoint_url=endpoint_url, **options).start()
