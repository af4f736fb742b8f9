"""MaxAutoMLJobRuntimeInSeconds on the real clock: a one-second job ends soon, with what it has."""
from __future__ import annotations

import time

from tests.local.autopilot import datasets
from tests.local.autopilot.conftest import all_candidates, train


def test_a_one_second_job_ends_within_seconds_with_fewer_than_all_candidates(worker):
    data = datasets.three_classes(rows=3000)
    started = time.monotonic()
    described = train("one-second", data.header, data.rows, data.target, MaxAutoMLJobRuntimeInSeconds=1)
    assert time.monotonic() - started < 15
    if described["AutoMLJobStatus"] == "Completed":
        assert described["AutoMLJobSecondaryStatus"] == "MaxAutoMLJobRuntimeReached"
        assert len([c for c in all_candidates("one-second") if c["CandidateStatus"] == "Completed"]) < 7
    else:
        assert described["FailureReason"] == (
            "ClientError: MaxAutoMLJobRuntimeInSeconds was reached before any candidate completed.")
