"""Local transform jobs inside moto: ``install()`` makes ``create_transform_job`` run the job for real.

A job of a model with local Autopilot images starts ``InProgress``; a thread runs it (``runner``) and
holds it ``InProgress`` for at least ``SME_LOCAL_TRANSFORM_SECONDS`` (default ``DEFAULT_MIN_SECONDS``),
then sets ``Completed`` or ``Failed`` with its reason. Jobs of other models keep moto's behaviour.
The state lives on moto's records, so moto's reset forgets it with everything else.
"""
from __future__ import annotations

import functools
import os
import threading
import time
from typing import Any, Callable

from moto.core.utils import utcnow
from moto.sagemaker.models import SageMakerModelBackend

from exasol_sagemaker_extension.local.endpoints import lifecycle
from exasol_sagemaker_extension.local.transform import runner

MIN_SECONDS_VARIABLE = "SME_LOCAL_TRANSFORM_SECONDS"
DEFAULT_MIN_SECONDS = 1.0
IN_PROGRESS = "InProgress"
COMPLETED = "Completed"
FAILED = "Failed"
_MARK = "_sme_local_transform"
_lock = threading.Lock()
_running: set[threading.Thread] = set()


def install() -> None:
    """Make moto run transform jobs of local models (once per process)."""
    with _lock:
        if is_installed():
            return
        original = SageMakerModelBackend.create_transform_job

        @functools.wraps(original)
        def create_transform_job(self: SageMakerModelBackend, *args: Any, **kwargs: Any) -> Any:
            job = original(self, *args, **kwargs)
            if _is_local(self, job.model_name):
                start(self, job)
            return job

        setattr(create_transform_job, _MARK, True)
        SageMakerModelBackend.create_transform_job = create_transform_job


def is_installed() -> bool:
    """Tell whether ``install()`` has run in this process."""
    return bool(getattr(SageMakerModelBackend.create_transform_job, _MARK, False))


def min_seconds() -> float:
    """How long a local transform job stays ``InProgress`` at least."""
    text = os.environ.get(MIN_SECONDS_VARIABLE, "").strip()
    try:
        return max(float(text), 0.0) if text else DEFAULT_MIN_SECONDS
    except ValueError:
        return DEFAULT_MIN_SECONDS


def start(backend: Any, job: Any, sleep: Callable[[float], None] = time.sleep) -> threading.Thread:
    """Mark the job InProgress and run it in a thread."""
    job.transform_job_status = IN_PROGRESS
    job.transform_end_time = None
    ready_at = time.monotonic() + min_seconds()

    def work() -> None:
        try:
            reason = runner.run(backend, job)
            sleep(max(ready_at - time.monotonic(), 0.0))
            if job.transform_job_status == IN_PROGRESS:  # nobody stopped it meanwhile
                job.failure_reason = reason or ""
                job.transform_job_status = FAILED if reason else COMPLETED
                job.transform_end_time = job.last_modified_time = utcnow()
        finally:
            _running.discard(threading.current_thread())

    thread = threading.Thread(target=work, name=f"sme-local-transform-{job.transform_job_name}", daemon=True)
    _running.add(thread)
    thread.start()
    return thread


def wait_for_jobs(timeout_s: float = 30.0) -> None:
    """Wait until every local transform job of this process has ended (for tests)."""
    deadline = time.monotonic() + timeout_s
    for thread in list(_running):
        thread.join(max(deadline - time.monotonic(), 0.0))


def _is_local(backend: Any, model_name: str) -> bool:
    model = backend._models.get(model_name)
    return model is not None and any(lifecycle.is_local_image(c.get("Image"))
                                     for c in lifecycle.containers_of(model))
