"""Pure readers for the last known state of the jobs and endpoints a schema created, and the stop rule.

The state scripts record what AWS says (``AutoMLJobStatus``, ``EndpointStatus``) or ``NOT_FOUND`` when
AWS no longer knows the resource. A job can be stopped while it is ``InProgress``; AWS then reports
``Stopping`` and, once the running training jobs have ended, ``Stopped``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import AutopilotJobError

JOB = "JOB"
ENDPOINT = "ENDPOINT"
RESOURCE_KINDS = (JOB, ENDPOINT)
NOT_FOUND = "NOT_FOUND"

IN_PROGRESS = "InProgress"
STOPPING = "Stopping"
JOB_ENDED_STATUSES = ("Completed", "Failed", "Stopped")
JOB_RUNNING_STATUSES = (IN_PROGRESS, STOPPING)

# What SME_STOP_SAGEMAKER_AUTOPILOT_JOB did.
STOP_REQUESTED = "STOP_REQUESTED"
ALREADY_STOPPING = "ALREADY_STOPPING"
ALREADY_ENDED = "ALREADY_ENDED"

FAILURE_REASON_MAX_LENGTH = 4096  # width of the FAILURE_REASON columns


@dataclass(frozen=True)
class ResourceState:
    """One resource as AWS describes it; ``instance_count`` only for endpoints."""

    status: str
    secondary_status: Optional[str] = None
    failure_reason: Optional[str] = None
    instance_count: Optional[int] = None


def not_found_state() -> ResourceState:
    """The state of a resource AWS does not know (deleted, or another account or region)."""
    return ResourceState(NOT_FOUND)


def parse_job_state(describe: Mapping[str, Any]) -> ResourceState:
    """The state of a ``describe_auto_ml_job_v2`` answer."""
    return ResourceState(str(describe["AutoMLJobStatus"]), describe.get("AutoMLJobSecondaryStatus") or None,
                         _reason(describe))


def parse_endpoint_state(describe: Mapping[str, Any]) -> ResourceState:
    """The state of a ``describe_endpoint`` answer; the instance count summed over its variants."""
    counts = [variant["CurrentInstanceCount"] for variant in describe.get("ProductionVariants") or []
              if isinstance(variant.get("CurrentInstanceCount"), int)]
    return ResourceState(str(describe["EndpointStatus"]), None, _reason(describe),
                         sum(counts) if counts else None)


def stop_action(status: str) -> Optional[str]:
    """What a stop request means for a job in ``status``: None when the job must be stopped now."""
    if status in JOB_ENDED_STATUSES:
        return ALREADY_ENDED
    if status == STOPPING:
        return ALREADY_STOPPING
    return None


def require_job_not_running(job_name: str, state: ResourceState) -> None:
    """Raise E-SME-140 while the job is InProgress or Stopping: Autopilot still reads its data."""
    if state.status not in JOB_RUNNING_STATUSES:
        return
    shown = state.status + (f" ({state.secondary_status})" if state.secondary_status else "")
    raise AutopilotJobError(
        error_codes.JOB_STILL_RUNNING,
        f"Autopilot job {job_name} is {shown} and still reads its data in S3",
        f"Stop it with EXECUTE SCRIPT SME_STOP_SAGEMAKER_AUTOPILOT_JOB('{job_name}', ...), wait until "
        "SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS reports Stopped, then delete its data again.")


def _reason(describe: Mapping[str, Any]) -> Optional[str]:
    reason = describe.get("FailureReason") or None
    return reason[:FAILURE_REASON_MAX_LENGTH] if reason else None
