"""One job's run: status writes that respect others' changes, and the training of its candidates."""
from __future__ import annotations

import copy
import math
import threading
import time
from typing import Any, Callable, Optional

import numpy as np
from moto.core.utils import utcnow

from exasol_sagemaker_extension.local.autopilot import insight, metrics
from exasol_sagemaker_extension.local.autopilot.analysis import Analysis
from exasol_sagemaker_extension.local.autopilot.candidates import (PER_JOB, CandidateSpec, Deadlines,
                                                                   TimeLimitReached, specs_for, split_indices,
                                                                   train_candidate)
from exasol_sagemaker_extension.local.autopilot.dataset import DataError, split_s3_uri
from exasol_sagemaker_extension.local.autopilot.model_artifact import (MODEL_FILE_NAME, LocalModel, feature_frame,
                                                                       save_model)
from exasol_sagemaker_extension.local.autopilot.service import LocalJobState, resolved_criteria

from exasol_sagemaker_extension.local.autopilot import LOCAL_IMAGE
_MAX_PARTIAL_FAILURES = 5
_write_lock = threading.Lock()


class Abandoned(Exception):
    """Someone else changed the job's status: the worker leaves the job alone."""


class JobStopped(Exception):
    """The job was stopped (StopAutoMLJob)."""


STOP_STATUSES = ("Stopping", "Stopped")


def request_stop(job: Any, claimed: bool) -> None:
    """StopAutoMLJob on an InProgress job: Stopping while a worker runs it (it ends it as Stopped), else
    Stopped at once."""
    with _write_lock:
        status = "Stopping" if claimed else "Stopped"
        job.auto_ml_job_status = job.auto_ml_job_secondary_status = status
        job.last_modified_time = utcnow()
        if not claimed:
            job.end_time = job.last_modified_time


class ShuttingDown(Exception):
    """The worker is stopping."""


class StatusWriter:
    """Writes a job's status only while the job is still in the status this writer last wrote."""

    Abandoned = Abandoned

    def __init__(self, job: Any, state: LocalJobState, clock: Callable[[], float], stopping: threading.Event):
        self.job = job
        self.state = state
        self.clock = clock
        self.stopping = stopping
        self.expected = (job.auto_ml_job_status, job.auto_ml_job_secondary_status)
        criteria = resolved_criteria(state.tabular)
        self.started = clock()
        self.job_deadline = self.started + criteria["MaxAutoMLJobRuntimeInSeconds"]
        self.candidate_seconds = criteria["MaxRuntimePerTrainingJobInSeconds"]

    def guard(self, final: bool = False) -> None:
        """Raise when the job is no longer the worker's to change (or, unless ``final``, the worker stops)."""
        current = (self.job.auto_ml_job_status, self.job.auto_ml_job_secondary_status)
        if current[0] in STOP_STATUSES:  # only StopAutoMLJob sets these, even before the first write
            raise JobStopped()
        if current != self.expected:
            raise Abandoned()
        if self.stopping.is_set() and not final:
            raise ShuttingDown()

    def set(self, status: str, secondary: str, final: bool = False, **attributes: Any) -> None:
        """Move the job to ``status``/``secondary`` and set moto attributes with it."""
        with _write_lock:
            self.guard(final)
            for name, value in attributes.items():
                setattr(self.job, name, value)
            self.job.auto_ml_job_status = status
            self.job.auto_ml_job_secondary_status = secondary
            self.job.last_modified_time = attributes.get("end_time") or utcnow()
            self.expected = (status, secondary)
            self.state.history.append((status, secondary))

    def update(self, **attributes: Any) -> None:
        """Set moto attributes without a status change."""
        with _write_lock:
            self.guard()
            for name, value in attributes.items():
                setattr(self.job, name, value)
            self.job.last_modified_time = utcnow()

    def resolve(self, problem_type: str, objective: str) -> None:
        """Record the problem type and objective in ResolvedAttributes."""
        resolved = copy.deepcopy(self.job.resolved_attributes or {})
        resolved["AutoMLJobObjective"] = {"MetricName": objective}
        resolved["AutoMLProblemTypeResolvedAttributes"] = {"TabularResolvedAttributes": {"ProblemType": problem_type}}
        self.update(resolved_attributes=resolved)

    def hold(self, seconds: float) -> None:
        """Stay in the current status for ``seconds`` (less if the job's runtime ends sooner)."""
        end = min(self.clock() + seconds, self.job_deadline)
        while True:
            self.guard()
            left = end - self.clock()
            if left <= 0:
                return
            time.sleep(min(left, 0.05))

    def fail(self, reason: str) -> None:
        """End the job as Failed with ``reason`` (unless it is not the worker's any more)."""
        try:
            self.set("Failed", "Failed", final=True, failure_reason=reason, end_time=utcnow())
        except (Abandoned, JobStopped):
            return


class JobTrainer:
    """Trains a job's candidates, records them in the job and stores their models in S3."""

    def __init__(self, job: Any, state: LocalJobState, writer: StatusWriter, s3: Any, clock: Callable[[], float]):
        self.job, self.state, self.writer, self.s3, self.clock = job, state, writer, s3, clock
        self.job_limit_reached = False
        self.models: dict[str, LocalModel] = {}  # completed candidates' models, for the best one's insight
        self.validation: Optional[tuple[Any, list]] = None  # validation features and target

    def train(self, analysis: Analysis, phase_seconds: float) -> None:
        """FeatureEngineering and ModelTuning, then the job's end."""
        ensembling = self.state.tabular.get("Mode") == "ENSEMBLING"
        if not ensembling:
            self.writer.set("InProgress", "FeatureEngineering")
        frame = feature_frame(analysis.rows, analysis.features)
        labels = None if analysis.problem_type == metrics.REGRESSION else analysis.target
        fraction = (self.state.data_split_config or {}).get("ValidationFraction", 0.2)
        train_rows, validation_rows = split_indices(len(analysis.rows), labels, fraction)
        self.validation = (frame.iloc[validation_rows], [analysis.target[i] for i in validation_rows])
        if not ensembling:
            self.writer.hold(phase_seconds)
        self.writer.set("InProgress", "TrainingModels" if ensembling else "ModelTuning")
        specs = specs_for(analysis.problem_type)
        max_candidates = resolved_criteria(self.state.tabular)["MaxCandidates"]
        target = np.asarray(analysis.target, dtype=object)
        for index, spec in enumerate(specs[:max_candidates], start=1):
            if self.clock() >= self.writer.job_deadline:
                self.job_limit_reached = True
                break
            self._candidate(index, spec, analysis, frame, target, train_rows, validation_rows)
            if self.job_limit_reached:
                break
        self.writer.hold(0)
        self._finish(limited_by_candidates=max_candidates < len(specs))

    def _candidate(self, index: int, spec: CandidateSpec, analysis: Analysis, frame: Any, target: np.ndarray,
                   train_rows: np.ndarray, validation_rows: np.ndarray) -> None:
        name = f"{self.job.auto_ml_job_name}-{index:03d}-{spec.name}"
        now = utcnow()
        candidate: dict[str, Any] = {
            "CandidateName": name, "ObjectiveStatus": "Pending", "CandidateStatus": "InProgress",
            "CandidateSteps": self._steps(name), "InferenceContainers": [],
            "CreationTime": now, "LastModifiedTime": now,
        }
        self.state.candidates.append(candidate)
        position = len(self.state.candidates) - 1
        started = self.clock()
        deadlines = Deadlines(candidate=started + self.writer.candidate_seconds, job=self.writer.job_deadline,
                              clock=self.clock)
        try:
            self.writer.guard()
            pipeline = train_candidate(spec, analysis.problem_type, analysis.features, frame.iloc[train_rows],
                                       target[train_rows], deadlines)
            model = LocalModel(problem_type=analysis.problem_type, target_name=analysis.target_name,
                               features=analysis.features, estimator=pipeline, classes=analysis.classes,
                               metadata={"candidate_name": name, "algorithm": spec.algorithm,
                                         "job_name": self.job.auto_ml_job_name, "objective": analysis.objective})
            values = {"Validation": self._evaluate(model, analysis, frame, target, validation_rows),
                      "Train": self._evaluate(model, analysis, frame, target, train_rows)}
            url = self._store(name, model)
            self.models[name] = model
        except TimeLimitReached as reached:
            self.job_limit_reached = reached.limit == PER_JOB
            status = "Stopped" if self.job_limit_reached else "Failed"
            seconds = int(self.writer.job_deadline - self.writer.started) if self.job_limit_reached \
                else self.writer.candidate_seconds
            self._end(position, status, f"{reached.limit} ({seconds} seconds) was reached before the "
                                        f"candidate's training completed.")
            return
        except DataError as error:
            self._end(position, "Failed", str(error))
            return
        except (Abandoned, JobStopped, ShuttingDown):
            self._end(position, "Stopped", "The AutoML job stopped before the candidate completed.")
            raise
        except Exception as error:  # one failing algorithm must not end the job
            self._end(position, "Failed", f"AlgorithmError: {type(error).__name__}: {error}")
            return
        objective = analysis.objective
        value = values["Validation"][objective]
        containers = self._containers(url, analysis.problem_type)
        self._end(position, "Completed", changes={
            "FinalAutoMLJobObjectiveMetric": {"Type": metrics.objective_type(objective),
                                              "MetricName": f"validation:{objective.lower()}",
                                              "Value": value, "StandardMetricName": objective},
            "ObjectiveStatus": "Succeeded" if not math.isnan(value) else "Failed",
            "InferenceContainers": containers,
            "CandidateProperties": {"CandidateMetrics": [
                {"MetricName": name_, "StandardMetricName": name_, "Value": v, "Set": data_set}
                for data_set in ("Validation", "Train") for name_, v in values[data_set].items()
                if not math.isnan(v)]},
            "InferenceContainerDefinitions": {"CPU": copy.deepcopy(containers)},
        })

    def _evaluate(self, model: LocalModel, analysis: Analysis, frame: Any, target: np.ndarray,
                  rows: np.ndarray) -> dict[str, float]:
        subset = frame.iloc[rows]
        if analysis.problem_type == metrics.REGRESSION:
            truth = [float(value) for value in target[rows]]
            evaluation = metrics.Evaluation(truth, model.estimator.predict(subset))
        else:
            probabilities = model.class_probabilities(subset)
            classes = list(analysis.classes or ())
            predicted = [classes[i] for i in probabilities.argmax(axis=1)]
            evaluation = metrics.Evaluation(list(target[rows]), predicted, probabilities, classes,
                                            metrics.positive_label(classes) if len(classes) == 2 else None)
        return metrics.compute_all(analysis.problem_type, evaluation)

    def _store(self, name: str, model: LocalModel) -> str:
        output = self.job.output_data_config.get("S3OutputPath", "").rstrip("/")
        url = f"{output}/{self.job.auto_ml_job_name}/candidates/{name}/{MODEL_FILE_NAME}"
        bucket, key = split_s3_uri(url)
        try:
            self.s3.put_object(Bucket=bucket, Key=key, Body=save_model(model))
        except Exception as error:  # botocore's errors: the role cannot write there
            raise DataError(f"ClientError: could not write the model to {url}: {error}") from None
        return url

    def _containers(self, url: str, problem_type: str) -> list[dict[str, Any]]:
        environment = {"SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT": "text/csv", "SME_LOCAL_MODEL": MODEL_FILE_NAME}
        if problem_type in (metrics.BINARY, metrics.MULTICLASS):
            environment["SAGEMAKER_INFERENCE_OUTPUT"] = "predicted_label"
            environment["SAGEMAKER_INFERENCE_SUPPORTED"] = "predicted_label,probability,probabilities,labels"
        return [{"Image": LOCAL_IMAGE, "ModelDataUrl": url, "Environment": environment}]

    def _steps(self, name: str) -> list[dict[str, str]]:
        prefix = f"arn:aws:sagemaker:{self.job.region_name}:{self.job.account_id}"
        return [{"CandidateStepType": "AWS::SageMaker::TrainingJob",
                 "CandidateStepArn": f"{prefix}:training-job/{name.lower()}", "CandidateStepName": name}]

    def _end(self, position: int, status: str, reason: Optional[str] = None,
             changes: Optional[dict[str, Any]] = None) -> None:
        """Replace the candidate's record by its ended form (never changed in place: others read it)."""
        now = utcnow()
        ended = {**self.state.candidates[position], **(changes or {}),
                 "CandidateStatus": status, "EndTime": now, "LastModifiedTime": now}
        if reason:
            ended.update(FailureReason=reason, ObjectiveStatus="Failed")
        self.state.candidates[position] = ended

    def _best(self) -> Optional[dict[str, Any]]:
        best, best_value = None, None
        for candidate in self.state.candidates:
            if candidate["CandidateStatus"] != "Completed" or candidate["ObjectiveStatus"] != "Succeeded":
                continue
            metric = candidate["FinalAutoMLJobObjectiveMetric"]
            if metrics.is_better(metric["StandardMetricName"], metric["Value"], best_value):
                best, best_value = candidate, metric["Value"]
        return best

    def _partial_failures(self) -> list[dict[str, str]]:
        failed = [c for c in self.state.candidates if c["CandidateStatus"] == "Failed"]
        return [{"PartialFailureMessage": f"Candidate {c['CandidateName']} failed: {c['FailureReason']}"}
                for c in failed[:_MAX_PARTIAL_FAILURES]]

    def _finish(self, limited_by_candidates: bool) -> None:
        best = self._best()
        if best is None:
            reasons = [c.get("FailureReason", "") for c in self.state.candidates if c.get("FailureReason")]
            if self.job_limit_reached or not reasons:
                reason = "ClientError: MaxAutoMLJobRuntimeInSeconds was reached before any candidate completed."
            elif reasons[0].startswith("ClientError: "):
                reason = reasons[0]
            else:
                reason = f"AlgorithmError: no candidate completed. First failure: {reasons[0]}"
            self.writer.fail(reason)
            return
        best = self._with_insight(best)
        self.state.best = best
        secondary = ("MaxAutoMLJobRuntimeReached" if self.job_limit_reached
                     else "MaxCandidatesReached" if limited_by_candidates else "Completed")
        self.writer.set("Completed", secondary, final=True, best_candidate=copy.deepcopy(best), end_time=utcnow(),
                        partial_failure_reasons=self._partial_failures())

    def _with_insight(self, best: dict[str, Any]) -> dict[str, Any]:
        """The best candidate with its insight reports written (as AWS does); unchanged if that fails."""
        try:
            frame, truth = self.validation
            output = self.job.output_data_config.get("S3OutputPath", "")
            with_insight = insight.write_insight(self.s3, output, self.job.auto_ml_job_name, best,
                                                 self.models[best["CandidateName"]], frame, truth)
        except Exception:  # the reports are optional on AWS too: the job completes without them
            return best
        position = self.state.candidates.index(best)
        self.state.candidates[position] = with_insight
        return with_insight

    def finish_stopped(self) -> None:
        """After StopAutoMLJob: Stopping becomes Stopped; record the end and the best candidate so far."""
        best = self._best()
        with _write_lock:
            if self.job.auto_ml_job_status not in STOP_STATUSES:
                return
            if self.job.auto_ml_job_status == "Stopping":
                self.job.auto_ml_job_status = self.job.auto_ml_job_secondary_status = "Stopped"
                self.state.history.append(("Stopped", "Stopped"))
            self.state.best = best
            if best is not None:
                self.job.best_candidate = copy.deepcopy(best)
            self.job.end_time = self.job.last_modified_time = utcnow()
