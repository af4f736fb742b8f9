"""Waiting for a transform job: back-off polls, AWS's failure reason, the resumable timeout."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import AwsCallError
from exasol_sagemaker_extension.transform_gateway import TransformJobGateway


class FakeSageMaker:
    """Answers describe_transform_job with the given statuses in turn (the last one repeats)."""

    def __init__(self, *statuses: str, reason: str = ""):
        self.statuses = list(statuses)
        self.reason = reason
        self.calls = 0

    def describe_transform_job(self, TransformJobName: str) -> dict:
        status = self.statuses[min(self.calls, len(self.statuses) - 1)]
        self.calls += 1
        return {"TransformJobName": TransformJobName, "TransformJobStatus": status, "FailureReason": self.reason}


class Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


def wait(sagemaker: FakeSageMaker, clock: Clock, timeout: float = 100.0) -> dict:
    return TransformJobGateway(sagemaker).wait_for_transform_job("scores-1", timeout, 30.0, sleep=clock.sleep,
                                                                 clock=clock)


def test_waiting_polls_after_1_2_4_seconds_until_completed():
    clock = Clock()
    description = wait(FakeSageMaker("InProgress", "InProgress", "InProgress", "Completed"), clock)
    assert description["TransformJobStatus"] == "Completed"
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_the_poll_interval_grows_to_its_limit():
    clock = Clock()
    wait(FakeSageMaker(*["InProgress"] * 8, "Completed"), clock, timeout=1000)
    assert clock.sleeps == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]


@pytest.mark.parametrize("status", ["Failed", "Stopped"])
def test_a_job_that_ended_without_output_raises_e_sme_164_with_aws_reason(status):
    with pytest.raises(AwsCallError) as raised:
        wait(FakeSageMaker("InProgress", status, reason="ClientError: Received data of unknown size."), Clock())
    assert raised.value.code == error_codes.TRANSFORM_JOB_FAILED
    assert f"ended in status {status}: ClientError: Received data of unknown size" in raised.value.message


def test_the_timeout_raises_e_sme_165_saying_how_to_resume():
    clock = Clock()
    with pytest.raises(AwsCallError) as raised:
        wait(FakeSageMaker("InProgress"), clock, timeout=5)
    assert raised.value.code == error_codes.TRANSFORM_WAIT_TIMEOUT
    assert "continues in AWS" in raised.value.message
    assert '"transform_job_name": "scores-1"' in raised.value.mitigation
    assert sum(clock.sleeps) == 5
