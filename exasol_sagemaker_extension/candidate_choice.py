"""Pure readers for deploying a chosen Autopilot candidate instead of the job's best one.

The candidate comes from ``ListCandidatesForAutoMLJob`` (``CandidateNameEquals``); the problem type and
the execution role come from the job's description, as for the best candidate.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.autopilot_responses import BestCandidate, parse_problem_type
from exasol_sagemaker_extension.errors import AutopilotJobError

COMPLETED = "Completed"


def best_candidate_name(describe: Mapping[str, Any]) -> Optional[str]:
    """The name of the job's best candidate, or None when AWS names none."""
    return (describe.get("BestCandidate") or {}).get("CandidateName") or None


def parse_chosen_candidate(describe: Mapping[str, Any], listed: Sequence[Mapping[str, Any]],
                           candidate_name: str) -> BestCandidate:
    """What deploying ``candidate_name`` needs; E-SME-121 if the job has no such candidate,
    E-SME-122 unless it is Completed with inference containers."""
    job_name = describe.get("AutoMLJobName", "?")
    candidate = next((c for c in listed if c.get("CandidateName") == candidate_name), None)
    if candidate is None:
        raise AutopilotJobError(
            error_codes.CHOSEN_CANDIDATE_NOT_FOUND,
            f"Autopilot job {job_name} has no candidate named {candidate_name}",
            "Check the name (candidate names are case-sensitive), for example in the SageMaker console "
            "or with aws sagemaker list-candidates-for-auto-ml-job, or leave candidate_name out to "
            "deploy the best candidate.")
    status = candidate.get("CandidateStatus")
    containers = candidate.get("InferenceContainers") or []
    if status != COMPLETED or not containers:
        reason = candidate.get("FailureReason")
        state = f"is {status}" if status != COMPLETED else "has no inference containers"
        raise AutopilotJobError(
            error_codes.CHOSEN_CANDIDATE_NOT_COMPLETED,
            f"candidate {candidate_name} of Autopilot job {job_name} {state}"
            + (f": {reason}" if reason else ""),
            f"Only a {COMPLETED} candidate with inference containers can be deployed; choose another "
            "candidate, or leave candidate_name out to deploy the best one.")
    return BestCandidate(inference_containers=[dict(container) for container in containers],
                         problem_type=parse_problem_type(describe), role_arn=describe["RoleArn"])
