"""The local Autopilot's worker: a background thread that trains the V2 tabular jobs moto records.

It scans moto's in-process SageMaker backends for jobs that ``service.create_job`` marked, claims
each once (one worker per job, however many workers a process runs) and runs it in its own thread
(at most ``max_parallel_jobs`` at a time): Starting -> AnalyzingData -> FeatureEngineering ->
ModelTuning (TrainingModels in ENSEMBLING mode) -> Completed, or Failed with AWS-like reasons. The
data is read and the models are written through boto3 (``endpoint_url``: the stand-in's address;
None: AWS's addresses, which ``mock_aws`` intercepts). Each status is held at least
``phase_seconds``, so a user polling from SQL sees the job move. ``stop_auto_ml_job`` makes the job
Stopping; the worker ends its training at the next step and sets Stopped. When a test moves the job on
by hand the worker stops touching it.

Settings not given to the constructor are read when a job starts: ``SME_LOCAL_AUTOPILOT_PHASE_SECONDS``
(default 1) and ``SME_LOCAL_AUTOPILOT_MIN_ROWS`` (default 500, AWS's documented minimum; lower it to
train on smaller tables locally, knowing that AWS would refuse them).
"""
from __future__ import annotations

import contextlib
import os
import threading
import time
from typing import Any, Callable, Optional

import boto3
from botocore.config import Config
from moto.sagemaker.models import sagemaker_backends

from exasol_sagemaker_extension.local.autopilot import service
from exasol_sagemaker_extension.local.autopilot.analysis import MIN_ROWS, analyze
from exasol_sagemaker_extension.local.autopilot.dataset import DataError, read_channel, training_channel
from exasol_sagemaker_extension.local.autopilot.model_artifact import limit_native_threads
from exasol_sagemaker_extension.local.autopilot.training import JobStopped, JobTrainer, ShuttingDown, StatusWriter

DEFAULT_PHASE_SECONDS = 1.0
DEFAULT_POLL_SECONDS = 0.2
PHASE_SECONDS_VARIABLE = "SME_LOCAL_AUTOPILOT_PHASE_SECONDS"
MIN_ROWS_VARIABLE = "SME_LOCAL_AUTOPILOT_MIN_ROWS"
_claim_lock = threading.Lock()


def pending_jobs() -> list[Any]:
    """Jobs marked for the local Autopilot and not claimed yet, over every account and region."""
    found = []
    for account in list(dict.keys(sagemaker_backends)):
        regions = dict.get(sagemaker_backends, account) or {}
        for backend in list(dict.values(regions)):
            for job in list(getattr(backend, "auto_ml_jobs", {}).values()):
                state = service.local_state(job)
                if state is not None and not state.claimed and job.auto_ml_job_status == "InProgress":
                    found.append(job)
    return found


def claim(job: Any) -> bool:
    """Take the job for this process's workers; False if another worker has it."""
    with _claim_lock:
        state = service.local_state(job)
        if state is None or state.claimed:
            return False
        state.claimed = True
        return True


class AutopilotWorker:
    """Runs the marked jobs in the background until ``stop()``."""

    def __init__(self, endpoint_url: Optional[str] = None, phase_seconds: Optional[float] = None,
                 poll_seconds: float = DEFAULT_POLL_SECONDS, max_parallel_jobs: int = 2,
                 min_rows: Optional[int] = None, clock: Callable[[], float] = time.monotonic):
        self.endpoint_url = endpoint_url
        self.phase_seconds = phase_seconds
        self.poll_seconds = poll_seconds
        self.min_rows = min_rows
        self.clock = clock
        self._slots = threading.Semaphore(max_parallel_jobs)
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._running: set[threading.Thread] = set()
        self._lock = threading.Lock()
        self._patches = contextlib.ExitStack()

    def start(self) -> "AutopilotWorker":
        """Hold moto's patches and start scanning for jobs (in a daemon thread)."""
        limit_native_threads()
        if self._thread is None:
            self._patches.enter_context(service.installed())
            self._thread = threading.Thread(target=self._scan_loop, name="sme-local-autopilot", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop scanning, let running jobs end at their next step (failing them), and wait for them."""
        self._stop.set()
        service.new_job_event.set()
        if self._thread is not None:
            self._thread.join(timeout)
        deadline = time.monotonic() + timeout
        with self._lock:
            running = list(self._running)
        for thread in running:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._patches.close()

    def __enter__(self) -> "AutopilotWorker":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def settings(self) -> tuple[float, int]:
        """``(phase seconds, minimum rows)``: the constructor's values, else the variables', else defaults."""
        phase = self.phase_seconds if self.phase_seconds is not None else _number(
            PHASE_SECONDS_VARIABLE, DEFAULT_PHASE_SECONDS)
        rows = self.min_rows if self.min_rows is not None else int(_number(MIN_ROWS_VARIABLE, MIN_ROWS))
        return max(phase, 0.0), max(rows, 1)

    def s3_client(self, region: str) -> Any:
        """The S3 client the jobs read data and write models with."""
        config = Config(retries={"mode": "standard"}, ignore_configured_endpoint_urls=self.endpoint_url is None)
        return boto3.session.Session(aws_access_key_id="sme-local-autopilot",
                                     aws_secret_access_key="sme-local-autopilot",
                                     region_name=region).client("s3", endpoint_url=self.endpoint_url,
                                                                config=config)

    def _scan_loop(self) -> None:
        while not self._stop.is_set():
            service.new_job_event.clear()
            for job in pending_jobs():
                if not self._take_slot():
                    return
                if not claim(job):
                    self._slots.release()
                    continue
                thread = threading.Thread(target=self._run_in_slot, args=(job,), daemon=True,
                                          name=f"sme-local-autopilot-{job.auto_ml_job_name}")
                with self._lock:
                    self._running.add(thread)
                thread.start()
            service.new_job_event.wait(self.poll_seconds)

    def _take_slot(self) -> bool:
        """Wait for a free job slot; False when the worker stops meanwhile."""
        while not self._slots.acquire(timeout=0.1):
            if self._stop.is_set():
                return False
        if self._stop.is_set():
            self._slots.release()
            return False
        return True

    def _run_in_slot(self, job: Any) -> None:
        try:
            self.run_job(job)
        finally:
            self._slots.release()
            with self._lock:
                self._running.discard(threading.current_thread())

    def run_job(self, job: Any) -> None:
        """Run one job from Starting to its end."""
        state = service.local_state(job)
        writer = StatusWriter(job, state, self.clock, self._stop)
        trainer = JobTrainer(job, state, writer, self.s3_client(job.region_name), self.clock)
        phase_seconds, min_rows = self.settings()
        try:
            writer.hold(phase_seconds)
            writer.set("InProgress", "AnalyzingData")
            dataset = read_channel(trainer.s3, training_channel(job.auto_ml_job_input_data_config))
            tabular = state.tabular
            analysis = analyze(dataset, tabular.get("TargetAttributeName", ""), tabular.get("ProblemType"),
                               (state.objective or {}).get("MetricName"), min_rows)
            writer.resolve(analysis.problem_type, analysis.objective)
            writer.hold(phase_seconds)
            trainer.train(analysis, phase_seconds)
        except DataError as error:
            writer.fail(str(error))
        except JobStopped:
            trainer.finish_stopped()
        except writer.Abandoned:
            return
        except ShuttingDown:
            writer.fail("InternalServerError: the local runtime stopped before the job finished.")
        except Exception as error:  # the job must end, as an AWS job does, whatever went wrong
            writer.fail(f"InternalServerError: the local Autopilot failed: {type(error).__name__}: {error}")


def _number(variable: str, default: float) -> float:
    """The variable's number, or ``default`` when it is unset or no number."""
    try:
        return float(os.environ.get(variable, "").strip())
    except ValueError:
        return default
