"""MaxAutoMLJobRuntimeInSeconds on the real clock: a one-second job stops early, with what it has.

No wall-clock bound is asserted (a loaded machine may be slow); the job's own statuses and its
candidate count show that the limit stopped it.
"""
from __future__ import annotations

from tests.local.autopilot import datasets
from tests.local.autopilot.conftest import all_candidates, train


def test_a_one_second_job_stops_at_the_limit_with_fewer_than_all_candidates(worker):
    data = datasets.three_classes(rows=3000)
    described = train("one-second", data.header, data.rows, data.target, MaxAutoMLJobRuntimeInSeconds=1)
    if described["AutoMLJobStatus"] == "Completed":
        assert described["AutoMLJobSecondaryStatus"] == "MaxAutoMLJobRuntimeReached", described
        assert len([c for c in all_candidates("one-second") if c["CandidateStatus"] == "Completed"]) < 7
    else:
        assert described.get("FailureReason") == (
            "ClientError: MaxAutoMLJobRuntimeInSeconds was reached before any candidate completed.")
