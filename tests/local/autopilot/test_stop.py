"""StopAutoMLJob on the local Autopilot: Stopping, then Stopped once the worker has ended the training."""
from __future__ import annotations

import time
from typing import Iterator

import pytest
from botocore.exceptions import ClientError
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sagemaker.models import sagemaker_backends

from exasol_sagemaker_extension.local.autopilot.service import local_state
from exasol_sagemaker_extension.local.autopilot.worker import AutopilotWorker
from tests.local.autopilot import datasets
from tests.local.autopilot.conftest import REGION, job_request, sagemaker_client, upload, wait_for_end

PHASE_SECONDS = 0.5


def moto_job(name: str):
    return sagemaker_backends[DEFAULT_ACCOUNT_ID][REGION].auto_ml_jobs[name]


def start(name: str) -> None:
    data = datasets.breast_cancer()
    upload(name, data.header, data.rows)
    sagemaker_client().create_auto_ml_job_v2(**job_request(name, data.target))


def status(name: str) -> tuple[str, str]:
    described = sagemaker_client().describe_auto_ml_job_v2(AutoMLJobName=name)
    return described["AutoMLJobStatus"], described["AutoMLJobSecondaryStatus"]


def test_a_job_no_worker_has_taken_yet_is_stopped_at_once(aws):
    start("unclaimed-1")
    sagemaker_client().stop_auto_ml_job(AutoMLJobName="unclaimed-1")
    assert status("unclaimed-1") == ("Stopped", "Stopped")
    assert "EndTime" in sagemaker_client().describe_auto_ml_job_v2(AutoMLJobName="unclaimed-1")


@pytest.fixture(scope="module")
def worker(aws) -> Iterator[AutopilotWorker]:
    with AutopilotWorker(endpoint_url=None, phase_seconds=PHASE_SECONDS, poll_seconds=0.05) as running:
        yield running


def test_a_running_job_goes_stopping_then_stopped_and_trains_no_further(worker):
    start("running-1")
    while local_state(moto_job("running-1")).claimed is False:
        time.sleep(0.02)
    sagemaker_client().stop_auto_ml_job(AutoMLJobName="running-1")
    described = wait_for_end("running-1", timeout=30)
    assert (described["AutoMLJobStatus"], described["AutoMLJobSecondaryStatus"]) == ("Stopped", "Stopped")
    history = local_state(moto_job("running-1")).history
    assert history[-2:] == [("Stopping", "Stopping"), ("Stopped", "Stopped")]
    time.sleep(3 * PHASE_SECONDS)
    assert status("running-1") == ("Stopped", "Stopped")
    assert local_state(moto_job("running-1")).candidates == []


def test_a_job_that_ended_cannot_be_stopped(worker):
    start("ended-1")
    moto_job("ended-1").auto_ml_job_status = "Failed"
    with pytest.raises(ClientError) as raised:
        sagemaker_client().stop_auto_ml_job(AutoMLJobName="ended-1")
    assert raised.value.response["Error"]["Code"] == "ValidationException"


def test_an_unknown_job_is_resource_not_found(worker):
    with pytest.raises(ClientError) as raised:
        sagemaker_client().stop_auto_ml_job(AutoMLJobName="no-such-job")
    assert raised.value.response["Error"]["Code"] == "ResourceNotFound"
