"""MaxCandidates, MaxRuntimePerTrainingJobInSeconds and MaxAutoMLJobRuntimeInSeconds are honoured.

The worker here reads a clock that moves one second each time it is read, so how much "time" a
candidate takes is the same on every machine: a candidate fitted in stages reads it more often than
one fitted at once, and the time limits cut in at the same places every run.
"""
from __future__ import annotations

import itertools
import threading
from typing import Iterator

import pytest

from exasol_sagemaker_extension.local.autopilot.worker import AutopilotWorker
from tests.local.autopilot import datasets
from tests.local.autopilot.conftest import all_candidates, train

STAGED = {"hgb", "rf", "et", "hgb-slow"}


class TickingClock:
    """Each reading is one second later than the one before."""

    def __init__(self) -> None:
        self._ticks = itertools.count()
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return float(next(self._ticks))


@pytest.fixture(scope="module")
def worker(aws) -> Iterator[AutopilotWorker]:
    with AutopilotWorker(endpoint_url=None, phase_seconds=0.0, poll_seconds=0.05, max_parallel_jobs=1,
                         clock=TickingClock()) as running:
        yield running


def family(candidate: dict, job_name: str) -> str:
    """The candidate setting in a name ``<job>-<nnn>-<setting>``."""
    return candidate["CandidateName"][len(job_name) + 5:]


def cancer_job(name: str, **criteria: int) -> dict:
    data = datasets.breast_cancer()
    return train(name, data.header, data.rows, data.target, **criteria)


def test_a_candidate_that_needs_longer_than_its_runtime_fails_and_the_others_complete(worker):
    described = cancer_job("per-candidate", MaxRuntimePerTrainingJobInSeconds=3)
    assert (described["AutoMLJobStatus"], described["AutoMLJobSecondaryStatus"]) == ("Completed", "Completed")
    candidates = {family(c, "per-candidate"): c for c in all_candidates("per-candidate")}
    assert {name for name, c in candidates.items() if c["CandidateStatus"] == "Failed"} == STAGED
    for name in STAGED:
        assert candidates[name]["FailureReason"] == (
            "MaxRuntimePerTrainingJobInSeconds (3 seconds) was reached before the candidate's training completed.")
        assert candidates[name]["ObjectiveStatus"] == "Failed"
        assert "FinalAutoMLJobObjectiveMetric" not in candidates[name]
    assert family(described["BestCandidate"], "per-candidate") not in STAGED
    assert [r["PartialFailureMessage"].split(" failed: ")[0] for r in described["PartialFailureReasons"]] == [
        f"Candidate {c['CandidateName']}" for c in candidates.values() if c["CandidateStatus"] == "Failed"]


def test_the_job_runtime_ends_the_job_with_the_best_candidate_so_far(worker):
    described = cancer_job("job-runtime", MaxAutoMLJobRuntimeInSeconds=35)
    assert (described["AutoMLJobStatus"], described["AutoMLJobSecondaryStatus"]) == (
        "Completed", "MaxAutoMLJobRuntimeReached")
    candidates = all_candidates("job-runtime")
    completed = [c for c in candidates if c["CandidateStatus"] == "Completed"]
    assert 1 <= len(completed) < 7
    assert candidates[-1]["CandidateStatus"] in ("Stopped", "Completed")
    assert described["BestCandidate"]["CandidateName"] in [c["CandidateName"] for c in completed]


def test_a_job_runtime_over_before_any_candidate_fails_the_job(worker):
    described = cancer_job("job-runtime-short", MaxAutoMLJobRuntimeInSeconds=3)
    assert (described["AutoMLJobStatus"], described["AutoMLJobSecondaryStatus"]) == ("Failed", "Failed")
    assert described["FailureReason"] == (
        "ClientError: MaxAutoMLJobRuntimeInSeconds was reached before any candidate completed.")


@pytest.mark.parametrize("max_candidates, expected", [(1, ["hgb"]), (3, ["hgb", "logreg", "rf"])])
def test_max_candidates_is_the_number_of_candidates_trained(worker, max_candidates, expected):
    described = cancer_job(f"max-candidates-{max_candidates}", MaxCandidates=max_candidates)
    assert described["AutoMLJobSecondaryStatus"] == "MaxCandidatesReached"
    name = f"max-candidates-{max_candidates}"
    assert [family(c, name) for c in all_candidates(name)] == expected


def test_max_candidates_above_the_local_seven_trains_all_seven_and_completes(worker):
    described = cancer_job("max-candidates-250", MaxCandidates=250)
    assert described["AutoMLJobSecondaryStatus"] == "Completed"
    assert len(all_candidates("max-candidates-250")) == 7
