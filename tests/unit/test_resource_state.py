import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import AutopilotJobError
from exasol_sagemaker_extension.resource_state import (ALREADY_ENDED, ALREADY_STOPPING, NOT_FOUND, ResourceState,
                                                       not_found_state, parse_endpoint_state, parse_job_state,
                                                       require_job_not_running, stop_action)


def test_a_job_description_gives_status_secondary_status_and_reason():
    assert parse_job_state({"AutoMLJobStatus": "Failed", "AutoMLJobSecondaryStatus": "Failed",
                            "FailureReason": "ClientError: one class"}) == ResourceState(
        "Failed", "Failed", "ClientError: one class")


def test_empty_parts_of_a_job_description_are_none():
    assert parse_job_state({"AutoMLJobStatus": "InProgress", "AutoMLJobSecondaryStatus": "",
                            "FailureReason": ""}) == ResourceState("InProgress")


def test_a_long_failure_reason_is_cut_to_the_column_width():
    assert len(parse_job_state({"AutoMLJobStatus": "Failed", "FailureReason": "x" * 5000}).failure_reason) == 4096


@pytest.mark.parametrize("variants, count", [
    ([{"VariantName": "a", "CurrentInstanceCount": 2}, {"VariantName": "b", "CurrentInstanceCount": 1}], 3),
    ([{"VariantName": "a"}], None),
    ([], None),
])
def test_an_endpoints_instances_are_summed_over_its_variants(variants, count):
    state = parse_endpoint_state({"EndpointStatus": "InService", "ProductionVariants": variants})
    assert (state.status, state.instance_count) == ("InService", count)


def test_a_failed_endpoint_keeps_its_reason():
    assert parse_endpoint_state({"EndpointStatus": "Failed", "FailureReason": "quota"}).failure_reason == "quota"


def test_a_resource_aws_does_not_know_is_not_found():
    assert not_found_state() == ResourceState(NOT_FOUND)


@pytest.mark.parametrize("status, action", [
    ("InProgress", None), ("Completed", ALREADY_ENDED), ("Failed", ALREADY_ENDED), ("Stopped", ALREADY_ENDED),
    ("Stopping", ALREADY_STOPPING)])
def test_only_a_job_in_progress_needs_a_stop(status, action):
    assert stop_action(status) == action


@pytest.mark.parametrize("status", ["InProgress", "Stopping"])
def test_data_of_a_running_job_is_refused_with_e_sme_140(status):
    with pytest.raises(AutopilotJobError) as raised:
        require_job_not_running("job-1", ResourceState(status, "ModelTuning"))
    assert raised.value.code == error_codes.JOB_STILL_RUNNING
    assert f"job-1 is {status} (ModelTuning)" in str(raised.value)
    assert "SME_STOP_SAGEMAKER_AUTOPILOT_JOB('job-1', ...)" in str(raised.value)


@pytest.mark.parametrize("status", ["Completed", "Failed", "Stopped"])
def test_data_of_an_ended_job_may_go(status):
    require_job_not_running("job-1", ResourceState(status))
