"""A job moves through Autopilot's statuses visibly, and the worker leaves jobs alone that others change."""
from __future__ import annotations

import time
from typing import Iterator

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sagemaker.models import sagemaker_backends

from exasol_sagemaker_extension.local.autopilot.service import local_state
from exasol_sagemaker_extension.local.autopilot.worker import AutopilotWorker
from tests.local.autopilot import datasets
from tests.local.autopilot.conftest import ENDED, REGION, job_request, sagemaker_client, upload, wait_for_end

PHASE_SECONDS = 0.3
HPO_SEQUENCE = [("InProgress", "Starting"), ("InProgress", "AnalyzingData"), ("InProgress", "FeatureEngineering"),
                ("InProgress", "ModelTuning"), ("Completed", "Completed")]


@pytest.fixture(scope="module")
def worker(aws) -> Iterator[AutopilotWorker]:
    """A worker that holds each status for a moment, as the stand-in does, so polling sees each."""
    with AutopilotWorker(endpoint_url=None, phase_seconds=PHASE_SECONDS, poll_seconds=0.05) as running:
        yield running


def moto_job(name: str):
    return sagemaker_backends[DEFAULT_ACCOUNT_ID][REGION].auto_ml_jobs[name]


def start(name: str, mode: str = "", **options) -> None:
    data = datasets.breast_cancer()
    upload(name, data.header, data.rows)
    request = job_request(name, data.target, **options)
    if mode:
        request["AutoMLProblemTypeConfig"]["TabularJobConfig"]["Mode"] = mode
    sagemaker_client().create_auto_ml_job_v2(**request)


def poll_statuses(name: str, timeout: float = 60.0) -> list[tuple[str, str]]:
    """Every distinct (status, secondary status) that describe showed, until the job ended."""
    seen: list[tuple[str, str]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        described = sagemaker_client().describe_auto_ml_job_v2(AutoMLJobName=name)
        status = (described["AutoMLJobStatus"], described["AutoMLJobSecondaryStatus"])
        if not seen or seen[-1] != status:
            seen.append(status)
        if status[0] in ENDED:
            return seen
        time.sleep(0.03)
    raise AssertionError(f"{name} did not end: {seen}")


def test_polling_sees_every_status_from_starting_to_completed(worker):
    start("visible-1", MaxCandidates=1)
    assert poll_statuses("visible-1") == HPO_SEQUENCE[:-1] + [("Completed", "MaxCandidatesReached")]
    assert local_state(moto_job("visible-1")).history == HPO_SEQUENCE[:-1] + [("Completed", "MaxCandidatesReached")]


def test_ensembling_mode_trains_models_without_the_tuning_statuses(worker):
    start("ensembling-1", mode="ENSEMBLING", MaxCandidates=1)
    wait_for_end("ensembling-1")
    assert [secondary for _, secondary in local_state(moto_job("ensembling-1")).history] == [
        "Starting", "AnalyzingData", "TrainingModels", "MaxCandidatesReached"]


def test_a_new_job_is_in_progress_and_starting_with_no_end_or_best_candidate(worker):
    start("fresh-1", MaxCandidates=1)
    described = sagemaker_client().describe_auto_ml_job_v2(AutoMLJobName="fresh-1")
    assert (described["AutoMLJobStatus"], described["AutoMLJobSecondaryStatus"]) == ("InProgress", "Starting")
    assert not {"EndTime", "BestCandidate", "FailureReason"} & set(described)
    assert described["ResolvedAttributes"] == {"CompletionCriteria": {
        "MaxCandidates": 1, "MaxRuntimePerTrainingJobInSeconds": 86400, "MaxAutoMLJobRuntimeInSeconds": 2592000}}
    wait_for_end("fresh-1")


def test_stopping_a_job_keeps_it_stopped_with_its_end_time(worker):
    start("stopped-1")
    while sagemaker_client().describe_auto_ml_job_v2(AutoMLJobName="stopped-1")["AutoMLJobSecondaryStatus"] in (
            "Starting", "AnalyzingData"):
        time.sleep(0.02)
    sagemaker_client().stop_auto_ml_job(AutoMLJobName="stopped-1")
    time.sleep(3 * PHASE_SECONDS)
    described = sagemaker_client().describe_auto_ml_job_v2(AutoMLJobName="stopped-1")
    assert (described["AutoMLJobStatus"], described["AutoMLJobSecondaryStatus"]) == ("Stopped", "Stopped")
    assert "EndTime" in described
    statuses = {c["CandidateStatus"] for c in sagemaker_client().list_candidates_for_auto_ml_job(
        AutoMLJobName="stopped-1")["Candidates"]}
    assert statuses <= {"Completed", "Stopped"}


def test_a_job_moved_on_by_hand_is_left_as_it_was_set(worker):
    """Tests that play Autopilot themselves (tests/e2e) set moto's job directly; the worker steps aside."""
    sagemaker_client().create_auto_ml_job_v2(**job_request("by-hand-1", "y"))  # no data: would fail
    job = moto_job("by-hand-1")
    job.auto_ml_job_status, job.auto_ml_job_secondary_status = "Completed", "Completed"
    job.best_candidate["InferenceContainers"] = [{"Image": "x", "ModelDataUrl": "s3://b/m"}]
    time.sleep(4 * PHASE_SECONDS)
    described = sagemaker_client().describe_auto_ml_job_v2(AutoMLJobName="by-hand-1")
    assert (described["AutoMLJobStatus"], described["AutoMLJobSecondaryStatus"]) == ("Completed", "Completed")
    assert described["BestCandidate"]["InferenceContainers"] == [{"Image": "x", "ModelDataUrl": "s3://b/m"}]
    assert "FailureReason" not in described
