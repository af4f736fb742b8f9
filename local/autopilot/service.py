"""Autopilot's API in moto, as AWS answers it: patches put in by ``install()``, taken out by ``uninstall()``.

- ``CreateAutoMLJobV2`` accepts a TabularJobConfig without ProblemType or CompletionCriteria (moto
  raises KeyError), checks what AWS checks (ProblemType and AutoMLJobObjective both or neither, the
  objective fits the problem type, limits in range), keeps the request as sent and marks the job
  for the local worker (``worker.AutopilotWorker``), which trains it.
- ``DescribeAutoMLJobV2`` and ``ListAutoMLJobs`` answer in AWS's shape: no invented EndTime,
  FailureReason, BestCandidate, ModelDeployConfig or DataSplitConfig; ``ResolvedAttributes`` with
  ``AutoMLProblemTypeResolvedAttributes.TabularResolvedAttributes.ProblemType``.
- ``ListCandidatesForAutoMLJob`` is added (StatusEquals, CandidateNameEquals, SortBy, SortOrder,
  MaxResults, NextToken).
- ``StopAutoMLJob`` moves an InProgress job to Stopping, and the worker ends it as Stopped.

moto's server and ``mock_aws`` dispatch through the same classes, so both see the patches.
``installed()`` holds them for a block (the AWS stand-in holds them while it runs), so other tests
of the process meet plain moto afterwards. Jobs that tests move on by hand (status and
``best_candidate`` set on moto's object) still describe as before.
"""
from __future__ import annotations

import base64
import contextlib
import copy
import json
import threading
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.sagemaker.exceptions import ResourceNotFound, ValidationError
from moto.sagemaker.models import AutoMLJob, SageMakerModelBackend
from moto.sagemaker.responses import SageMakerResponse

from exasol_sagemaker_extension.local.autopilot.metrics import OBJECTIVES, PROBLEM_TYPES

# What AWS resolves when CompletionCriteria leaves a limit out (seen in DescribeAutoMLJobV2 answers).
AWS_DEFAULT_CRITERIA = {"MaxCandidates": 250, "MaxRuntimePerTrainingJobInSeconds": 86400,
                        "MaxAutoMLJobRuntimeInSeconds": 2592000}
MAX_CANDIDATES_LIMIT = 750
DEFAULT_MAX_RESULTS = 10
MAX_RESULTS_LIMIT = 100
TERMINAL = ("Completed", "Failed", "Stopped")

_install_lock = threading.Lock()
_installed = False
_ABSENT = object()
_originals: dict[tuple[type, str], tuple[Any, Any]] = {}
_holders_lock = threading.Lock()
_holders = 0
_installed_before_holders = False
new_job_event = threading.Event()  # set when a job for the worker was created


@dataclass
class LocalJobState:
    """What the local Autopilot keeps beside moto's job: the request as sent, candidates, history."""

    problem_type_config: dict[str, Any]
    objective: Optional[dict[str, Any]]
    model_deploy_config: Optional[dict[str, Any]]
    data_split_config: Optional[dict[str, Any]]
    claimed: bool = False
    candidates: list[dict[str, Any]] = field(default_factory=list)
    best: Optional[dict[str, Any]] = None
    history: list[tuple[str, str]] = field(default_factory=list)

    @property
    def tabular(self) -> dict[str, Any]:
        """The TabularJobConfig as sent."""
        return self.problem_type_config.get("TabularJobConfig", {})


def local_state(job: Any) -> Optional[LocalJobState]:
    """The local state of a moto job, None for jobs the local Autopilot does not run."""
    return getattr(job, "sme_local", None)


def install() -> None:
    """Patch moto's SageMaker (idempotent; ``uninstall()`` restores moto's own behaviour)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        original_create = SageMakerModelBackend.create_auto_ml_job_v2
        original_describe = AutoMLJob.describe
        original_summary = AutoMLJob.summary

        def create_auto_ml_job_v2(self: SageMakerModelBackend, **request: Any) -> str:
            return create_job(self, original_create, **request)

        def describe(self: AutoMLJob) -> dict[str, Any]:
            return describe_job(self) if local_state(self) else original_describe(self)

        def summary(self: AutoMLJob) -> dict[str, Any]:
            return summarize_job(self) if local_state(self) else original_summary(self)

        original_stop = SageMakerModelBackend.stop_auto_ml_job

        def stop_auto_ml_job(self: SageMakerModelBackend, auto_ml_job_name: str) -> None:
            return stop_job(self, original_stop, auto_ml_job_name)

        for owner, name, patched in ((SageMakerModelBackend, "create_auto_ml_job_v2", create_auto_ml_job_v2),
                                     (AutoMLJob, "describe", describe), (AutoMLJob, "summary", summary),
                                     (SageMakerModelBackend, "stop_auto_ml_job", stop_auto_ml_job),
                                     (SageMakerResponse, "list_candidates_for_auto_ml_job", _list_candidates_response)):
            _originals[(owner, name)] = (owner.__dict__.get(name, _ABSENT), patched)
            setattr(owner, name, patched)
        _installed = True


def uninstall() -> None:
    """Give moto its own SageMaker behaviour back (jobs already created keep their local state)."""
    global _installed
    with _install_lock:
        for (owner, name), (original, patched) in _originals.items():
            if owner.__dict__.get(name) is not patched:
                continue  # patched again by someone else since: leave theirs in place
            if original is _ABSENT:
                delattr(owner, name)
            else:
                setattr(owner, name, original)
        _originals.clear()
        _installed = False


def is_installed() -> bool:
    """Tell whether moto is patched now."""
    return _installed


@contextlib.contextmanager
def installed() -> Iterator[None]:
    """Patched for the block; the last user to leave uninstalls, unless it was installed before the first."""
    global _holders, _installed_before_holders
    with _holders_lock:
        if _holders == 0:
            _installed_before_holders = is_installed()
        _holders += 1
        install()
    try:
        yield
    finally:
        with _holders_lock:
            _holders -= 1
            if _holders == 0 and not _installed_before_holders:
                uninstall()


def validate_tabular_request(tabular: dict[str, Any], objective: Optional[dict[str, Any]],
                             data_split_config: Optional[dict[str, Any]]) -> None:
    """Raise ValidationException where AWS refuses the request."""
    problem_type = tabular.get("ProblemType")
    metric = (objective or {}).get("MetricName")
    if bool(problem_type) != bool(metric):
        raise ValidationError("You must either provide both the AutoMLJobObjective and the ProblemType in "
                              "TabularJobConfig, or none at all.")
    if problem_type and problem_type not in PROBLEM_TYPES:
        raise ValidationError(f"Value '{problem_type}' at 'autoMLProblemTypeConfig.tabularJobConfig.problemType' "
                              f"failed to satisfy constraint: Member must satisfy enum value set: "
                              f"[{', '.join(PROBLEM_TYPES)}]")
    if problem_type and metric not in OBJECTIVES[problem_type]:
        raise ValidationError(f"The objective metric {metric} is not supported for problem type {problem_type}. "
                              f"Supported metrics: {', '.join(OBJECTIVES[problem_type])}.")
    criteria = tabular.get("CompletionCriteria") or {}
    for name, value in criteria.items():
        if not isinstance(value, int) or value < 1:
            raise ValidationError(f"CompletionCriteria.{name} must be a whole number of at least 1.")
    if criteria.get("MaxCandidates", 1) > MAX_CANDIDATES_LIMIT:
        raise ValidationError(f"Value '{criteria['MaxCandidates']}' at 'completionCriteria.maxCandidates' failed "
                              f"to satisfy constraint: Member must have value less than or equal to "
                              f"{MAX_CANDIDATES_LIMIT}")
    fraction = (data_split_config or {}).get("ValidationFraction")
    if fraction is not None and not 0 < fraction < 1:
        raise ValidationError("DataSplitConfig.ValidationFraction must be greater than 0 and less than 1.")


def create_job(backend: SageMakerModelBackend, original_create: Any, **request: Any) -> str:
    """Create a V2 job; tabular jobs are checked as AWS does and handed to the local worker."""
    sent = copy.deepcopy(request.get("auto_ml_problem_type_config") or {})
    tabular = sent.get("TabularJobConfig")
    if not isinstance(tabular, dict):
        return original_create(backend, **request)
    objective = copy.deepcopy(request.get("auto_ml_job_objective"))
    validate_tabular_request(tabular, objective, request.get("data_split_config"))
    moto_config = copy.deepcopy(sent)
    moto_config["TabularJobConfig"].setdefault("ProblemType", "")
    moto_config["TabularJobConfig"].setdefault("CompletionCriteria", {})
    arn = original_create(backend, **{**request, "auto_ml_problem_type_config": moto_config})
    job = backend.auto_ml_jobs[request["auto_ml_job_name"]]
    job.auto_ml_problem_type_config = sent
    job.auto_ml_job_objective = objective
    job.auto_ml_job_secondary_status = "Starting"
    job.end_time = None
    job.failure_reason = ""
    job.partial_failure_reasons = []
    job.resolved_attributes = initial_resolved_attributes(tabular, objective)
    job.sme_local = LocalJobState(problem_type_config=sent, objective=objective,
                                  model_deploy_config=copy.deepcopy(request.get("model_deploy_config")),
                                  data_split_config=copy.deepcopy(request.get("data_split_config")))
    job.sme_local.history.append(("InProgress", "Starting"))
    new_job_event.set()
    return arn


def stop_job(backend: SageMakerModelBackend, original_stop: Any, name: str) -> None:
    """StopAutoMLJob as AWS answers: InProgress -> Stopping (the worker ends the job as Stopped, or it is
    Stopped at once when no worker has it); a job that has ended is refused with ValidationException."""
    job = find_job(backend, name)
    state = local_state(job)
    if state is None:
        return original_stop(backend, name)
    if job.auto_ml_job_status != "InProgress":
        raise ValidationError(f"The AutoML job {name} is {job.auto_ml_job_status}: only an InProgress job can be "
                              "stopped.")
    from exasol_sagemaker_extension.local.autopilot.training import request_stop  # training imports this module
    claimed, state.claimed = state.claimed, True  # a worker that has not claimed the job never will
    request_stop(job, claimed)
    state.history.append((job.auto_ml_job_status, job.auto_ml_job_secondary_status))
    return None


def resolved_criteria(tabular: dict[str, Any]) -> dict[str, int]:
    """The completion criteria AWS works with: the ones sent, AWS's defaults for the rest."""
    return {**AWS_DEFAULT_CRITERIA, **(tabular.get("CompletionCriteria") or {})}


def initial_resolved_attributes(tabular: dict[str, Any], objective: Optional[dict[str, Any]]) -> dict[str, Any]:
    """ResolvedAttributes right after creation: complete when the request named the problem type."""
    resolved: dict[str, Any] = {"CompletionCriteria": resolved_criteria(tabular)}
    if tabular.get("ProblemType"):
        resolved["AutoMLJobObjective"] = copy.deepcopy(objective)
        resolved["AutoMLProblemTypeResolvedAttributes"] = {
            "TabularResolvedAttributes": {"ProblemType": tabular["ProblemType"]}}
    return resolved


def describe_job(job: AutoMLJob) -> dict[str, Any]:
    """DescribeAutoMLJobV2's answer in AWS's shape."""
    state = local_state(job)
    assert state is not None
    answer: dict[str, Any] = {
        "AutoMLJobName": job.auto_ml_job_name, "AutoMLJobArn": job.arn,
        "AutoMLJobInputDataConfig": job.auto_ml_job_input_data_config,
        "OutputDataConfig": job.output_data_config, "RoleArn": job.role_arn,
        "AutoMLProblemTypeConfig": job.auto_ml_problem_type_config,
        "AutoMLProblemTypeConfigName": "Tabular",
        "CreationTime": job.creation_time, "LastModifiedTime": job.last_modified_time,
        "AutoMLJobStatus": job.auto_ml_job_status, "AutoMLJobSecondaryStatus": job.auto_ml_job_secondary_status,
    }
    optional = {
        "AutoMLJobObjective": job.auto_ml_job_objective, "EndTime": job.end_time,
        "FailureReason": job.failure_reason, "PartialFailureReasons": job.partial_failure_reasons,
        "BestCandidate": _best_candidate(job, state), "ResolvedAttributes": job.resolved_attributes,
        "ModelDeployConfig": state.model_deploy_config, "DataSplitConfig": state.data_split_config,
        "SecurityConfig": job.security_config,
    }
    answer.update({key: value for key, value in optional.items() if value})
    return answer


def summarize_job(job: AutoMLJob) -> dict[str, Any]:
    """A ListAutoMLJobs entry in AWS's shape."""
    described = describe_job(job)
    keys = ("AutoMLJobName", "AutoMLJobArn", "AutoMLJobStatus", "AutoMLJobSecondaryStatus", "CreationTime",
            "EndTime", "LastModifiedTime", "FailureReason", "PartialFailureReasons")
    return {key: described[key] for key in keys if key in described}


def _best_candidate(job: AutoMLJob, state: LocalJobState) -> Optional[dict[str, Any]]:
    """The worker's best candidate; a job completed by hand (tests) shows moto's record as before."""
    if state.best is not None:
        return job.best_candidate
    return job.best_candidate if job.auto_ml_job_status == "Completed" else None


def find_job(backend: SageMakerModelBackend, name: str) -> AutoMLJob:
    """The job of that name, or ResourceNotFound as AWS answers."""
    if name not in backend.auto_ml_jobs:
        raise ResourceNotFound(f"Could not find AutoML job with name {name}.")
    return backend.auto_ml_jobs[name]


def list_candidates(backend: SageMakerModelBackend, name: str, status_equals: Optional[str] = None,
                    candidate_name_equals: Optional[str] = None, sort_by: Optional[str] = None,
                    sort_order: Optional[str] = None, max_results: Optional[int] = None,
                    next_token: Optional[str] = None) -> tuple[list[dict[str, Any]], Optional[str]]:
    """One page of the job's candidates, filtered and sorted as ListCandidatesForAutoMLJob documents."""
    job = find_job(backend, name)
    state = local_state(job)
    candidates = [copy.deepcopy(c) for c in (state.candidates if state else [])]
    if status_equals:
        candidates = [c for c in candidates if c["CandidateStatus"] == status_equals]
    if candidate_name_equals:
        candidates = [c for c in candidates if c["CandidateName"] == candidate_name_equals]
    descending = sort_order == "Descending"
    if sort_by == "FinalObjectiveMetricValue":
        scored = [c for c in candidates if "FinalAutoMLJobObjectiveMetric" in c]
        unscored = [c for c in candidates if "FinalAutoMLJobObjectiveMetric" not in c]
        scored.sort(key=lambda c: c["FinalAutoMLJobObjectiveMetric"]["Value"], reverse=descending)
        candidates = scored + unscored
    elif sort_by == "Status":
        candidates.sort(key=lambda c: c["CandidateStatus"], reverse=descending)
    else:
        candidates.sort(key=lambda c: (c["CreationTime"], c["CandidateName"]), reverse=descending)
    limit = max_results or DEFAULT_MAX_RESULTS
    if not 1 <= limit <= MAX_RESULTS_LIMIT:
        raise ValidationError(f"MaxResults must be between 1 and {MAX_RESULTS_LIMIT}.")
    start = _token_offset(next_token, name)
    page = candidates[start:start + limit]
    more = start + limit < len(candidates)
    return page, (_token(name, start + limit) if more else None)


def _token(job_name: str, offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"job": job_name, "offset": offset}).encode()).decode()


def _token_offset(token: Optional[str], job_name: str) -> int:
    if not token:
        return 0
    try:
        value = json.loads(base64.urlsafe_b64decode(token.encode()))
        if value["job"] == job_name and isinstance(value["offset"], int) and value["offset"] >= 0:
            return value["offset"]
    except (ValueError, KeyError, TypeError):
        pass
    raise ValidationError("Invalid pagination token: NextToken does not belong to this request.")


def _list_candidates_response(self: SageMakerResponse) -> ActionResult:
    """The ListCandidatesForAutoMLJob action of moto's SageMaker responses."""
    candidates, token = list_candidates(
        self.sagemaker_backend, self._get_param("AutoMLJobName"),
        status_equals=self._get_param("StatusEquals"),
        candidate_name_equals=self._get_param("CandidateNameEquals"),
        sort_by=self._get_param("SortBy"), sort_order=self._get_param("SortOrder"),
        max_results=self._get_param("MaxResults"), next_token=self._get_param("NextToken"))
    answer: dict[str, Any] = {"Candidates": candidates}
    if token:
        answer["NextToken"] = token
    return ActionResult(answer)


def touch(job: AutoMLJob) -> None:
    """Set LastModifiedTime to now."""
    job.last_modified_time = utcnow()
