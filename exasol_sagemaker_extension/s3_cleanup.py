"""Pure rules for removing a job's objects from S3: which prefixes, and the DeleteObjects batches.

A job owns ``<s3_output_path>/<job_name>/``: the export in ``training-data/`` and Autopilot's artefacts
(models, reports) in ``output/``. Every prefix ends with ``/``, so job ``run-1`` never touches
``run-10``'s objects. ``DeleteObjects`` takes at most 1,000 keys per request.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from exasol_sagemaker_extension.autopilot_requests import OUTPUT_FOLDER, job_prefix, training_data_prefix

DELETE_BATCH_SIZE = 1000
TRAINING_DATA = "TRAINING_DATA"
MODEL_ARTIFACTS = "MODEL_ARTIFACTS"


def job_data_prefixes(output_path: str, job_name: str, include_model_artifacts: bool) -> list[tuple[str, str]]:
    """``(what, key prefix)`` of the job's export and, when asked, of its model artefacts."""
    prefixes = [(TRAINING_DATA, training_data_prefix(output_path, job_name))]
    if include_model_artifacts:
        prefixes.append((MODEL_ARTIFACTS, f"{job_prefix(output_path, job_name)}/{OUTPUT_FOLDER}/"))
    return prefixes


def build_delete_requests(bucket: str, keys: Iterable[str],
                          batch_size: int = DELETE_BATCH_SIZE) -> list[dict[str, Any]]:
    """``delete_objects`` requests of at most ``batch_size`` keys each (quiet: only failures come back)."""
    listed = list(keys)
    return [{"Bucket": bucket,
             "Delete": {"Objects": [{"Key": key} for key in listed[start:start + batch_size]], "Quiet": True}}
            for start in range(0, len(listed), batch_size)]


def parse_delete_errors(response: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """``(key, code, message)`` of every object a ``delete_objects`` answer could not delete."""
    return [(str(error.get("Key", "?")), str(error.get("Code", "?")), str(error.get("Message", "")))
            for error in response.get("Errors") or []]
