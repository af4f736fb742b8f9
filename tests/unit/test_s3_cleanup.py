import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import InvalidInputError
from exasol_sagemaker_extension.s3_cleanup import build_delete_requests, job_data_prefixes, parse_delete_errors


def test_the_export_prefix_is_the_jobs_training_data_folder():
    assert job_data_prefixes("/ml/runs/", "job-1", False) == [("TRAINING_DATA", "ml/runs/job-1/training-data/")]


def test_model_artefacts_are_the_jobs_output_folder_when_asked():
    assert job_data_prefixes("ml", "job-1", True) == [("TRAINING_DATA", "ml/job-1/training-data/"),
                                                     ("MODEL_ARTIFACTS", "ml/job-1/output/")]


@pytest.mark.parametrize("job_name", ["job-1", "job-10"])
def test_every_prefix_ends_with_a_slash_so_a_longer_job_name_is_another_prefix(job_name):
    assert all(prefix.endswith(f"/{job_name}/training-data/") or prefix.endswith(f"/{job_name}/output/")
               for _, prefix in job_data_prefixes("ml", job_name, True))


def test_an_invalid_output_path_is_refused():
    with pytest.raises(InvalidInputError) as raised:
        job_data_prefixes("ml/../x", "job-1", False)
    assert raised.value.code == error_codes.INVALID_S3_OUTPUT_PATH


@pytest.mark.parametrize("count, sizes", [
    (0, []), (1, [1]), (1000, [1000]), (1001, [1000, 1]), (2500, [1000, 1000, 500])])
def test_delete_requests_hold_at_most_a_thousand_keys(count, sizes):
    requests = build_delete_requests("b", [f"k{i}" for i in range(count)])
    assert [len(request["Delete"]["Objects"]) for request in requests] == sizes
    assert all(request["Bucket"] == "b" and request["Delete"]["Quiet"] for request in requests)


def test_delete_requests_keep_every_key_once_in_order():
    keys = [f"k{i}" for i in range(1500)]
    assert [o["Key"] for r in build_delete_requests("b", keys) for o in r["Delete"]["Objects"]] == keys


def test_delete_errors_are_read_from_the_answer():
    assert parse_delete_errors({"Errors": [{"Key": "a", "Code": "AccessDenied", "Message": "Access Denied"}]}) == [
        ("a", "AccessDenied", "Access Denied")]
    assert parse_delete_errors({"Deleted": [{"Key": "a"}]}) == []
