"""Pure readers of ``describe_auto_ml_job_v2`` answers."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import AutopilotJobError

COMPLETED = "Completed"
FAILED = "Failed"


@dataclass(frozen=True)
class BestCandidate:
    """What a deployment needs from a finished job."""

    inference_containers: list[dict]
    problem_type: Optional[str]
    role_arn: str


def parse_job_status(describe: Mapping[str, Any]) -> tuple[str, Optional[str], Optional[str]]:
    """``(AutoMLJobStatus, AutoMLJobSecondaryStatus, FailureReason)``; absent or empty parts are None."""
    return (describe["AutoMLJobStatus"],
            describe.get("AutoMLJobSecondaryStatus") or None,
            describe.get("FailureReason") or None)


def parse_problem_type(describe: Mapping[str, Any]) -> Optional[str]:
    """The problem type Autopilot resolved, else the one the job was started with, else None."""
    resolved = (describe.get("ResolvedAttributes", {})
                .get("AutoMLProblemTypeResolvedAttributes", {})
                .get("TabularResolvedAttributes", {})
                .get("ProblemType"))
    if resolved:
        return resolved
    configured = (describe.get("AutoMLProblemTypeConfig", {})
                  .get("TabularJobConfig", {})
                  .get("ProblemType"))
    return configured or None


def require_completed_job(describe: Mapping[str, Any]) -> None:
    """Raise unless the job completed: E-SME-61 when it failed, E-SME-54 while it is not done."""
    name = describe.get("AutoMLJobName", "?")
    status, secondary, reason = parse_job_status(describe)
    if status == COMPLETED:
        return
    if status == FAILED:
        raise AutopilotJobError(
            error_codes.JOB_FAILED, f"Autopilot job {name} failed: {reason or 'AWS gave no reason'}",
            "Fix the cause named by AWS and train again under a new job name.")
    raise AutopilotJobError(
        error_codes.JOB_NOT_COMPLETED,
        f"Autopilot job {name} is {status}" + (f" ({secondary})" if secondary else "")
        + f", not {COMPLETED}",
        "Wait until SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS reports Completed, then deploy again.")


def parse_best_candidate(describe: Mapping[str, Any]) -> BestCandidate:
    """Inference containers, problem type and role of the job's best candidate."""
    containers = (describe.get("BestCandidate") or {}).get("InferenceContainers") or []
    if not containers:
        raise AutopilotJobError(
            error_codes.NO_BEST_CANDIDATE,
            f"Autopilot job {describe.get('AutoMLJobName', '?')} has no best candidate with "
            "inference containers",
            "Check the job in the SageMaker console; train again, for example with more candidates "
            "or a longer runtime.")
    return BestCandidate(
        inference_containers=[dict(container) for container in containers],
        problem_type=parse_problem_type(describe),
        role_arn=describe["RoleArn"],
    )
