"""SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF: puts a finished job's best (or a chosen) candidate behind an
endpoint, real-time or serverless, with the extension's tags on model, endpoint config and endpoint."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Optional

from exasol_sagemaker_extension import endpoint_requests, error_codes, names
from exasol_sagemaker_extension.autopilot_responses import (BestCandidate, parse_best_candidate,
                                                             require_completed_job)
from exasol_sagemaker_extension.candidate_choice import best_candidate_name, parse_chosen_candidate
from exasol_sagemaker_extension.deployment_leftovers import is_leftover
from exasol_sagemaker_extension.errors import AwsCallError, SageMakerExtensionError
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway
from exasol_sagemaker_extension.udfs.aws_connection import ClientFactory
from exasol_sagemaker_extension.udfs.aws_udf import AwsUDF

DEFAULT_WAIT_TIMEOUT_S = 1800.0
DEFAULT_POLL_INTERVAL_S = 15.0


class EndpointDeploymentUDF(AwsUDF):
    """Creates model, endpoint config and endpoint (all named like the endpoint) and waits for them."""

    def __init__(self, exa: Any, client_factory: Optional[ClientFactory] = None,
                 wait_timeout_s: float = DEFAULT_WAIT_TIMEOUT_S,
                 poll_interval_s: float = DEFAULT_POLL_INTERVAL_S,
                 sleep: Optional[Callable[[float], None]] = None,
                 clock: Optional[Callable[[], float]] = None):
        super().__init__(exa, client_factory)
        self._wait_timeout_s = wait_timeout_s
        self._poll_interval_s = poll_interval_s
        self._wait_options = {key: value for key, value in (("sleep", sleep), ("clock", clock))
                              if value is not None}

    def run(self, ctx: Any) -> None:
        """Deploy and emit ``(endpoint_name, endpoint_status, problem_type, candidate_name)``.

        ``candidate_name`` NULL deploys the best candidate; serverless memory size and concurrency
        replace instance type and count (then NULL) for a serverless endpoint.
        """
        job_name = names.validate_job_name(ctx.job_name)
        endpoint = names.validate_endpoint_name(ctx.endpoint_name)
        choice = endpoint_requests.build_deployment_choice(
            ctx.instance_type, _whole_number(ctx.instance_count),
            _whole_number(ctx.serverless_memory_size_in_mb), _whole_number(ctx.serverless_max_concurrency))
        chosen = ctx.candidate_name or None
        if chosen is not None:
            names.validate_candidate_name(chosen)
        gateway = SageMakerGateway(self._client("sagemaker", ctx))

        description = gateway.describe_job(job_name)
        require_completed_job(description)
        candidate_name, candidate = _candidate(gateway, description, job_name, chosen)
        tags = self._resource_tags(job_name)
        model_request = endpoint_requests.build_create_model_request(
            endpoint, candidate.inference_containers, candidate.problem_type, candidate.role_arn, tags)
        config_request = endpoint_requests.build_endpoint_config_request(endpoint, endpoint, choice, tags)
        reused = _refuse_existing(gateway, endpoint, model_request, config_request)

        created: list[tuple[str, str]] = []  # reused leftovers too: a failure removes them as well
        try:
            if "model" not in reused:
                gateway.create_model(model_request)
            created.append(("model", endpoint))
            if "endpoint config" not in reused:
                gateway.create_endpoint_config(config_request)
            created.append(("endpoint config", endpoint))
            gateway.create_endpoint(endpoint_requests.build_create_endpoint_request(endpoint, endpoint, tags))
            created.append(("endpoint", endpoint))
            status = gateway.wait_for_endpoint(endpoint, self._wait_timeout_s, self._poll_interval_s,
                                               **self._wait_options)
        except SageMakerExtensionError as error:
            raise _with_cleanup_note(error, _remove(gateway, created), endpoint) from None
        except Exception:
            _remove(gateway, created)
            raise
        ctx.emit(endpoint, status, candidate.problem_type, candidate_name)


def _candidate(gateway: SageMakerGateway, description: dict, job_name: str,
               chosen: Optional[str]) -> tuple[Optional[str], BestCandidate]:
    """The candidate to deploy and its name: the chosen one, else the job's best."""
    if chosen is None:
        return best_candidate_name(description), parse_best_candidate(description)
    listed = gateway.find_candidates_named(job_name, chosen)
    return chosen, parse_chosen_candidate(description, listed, chosen)


def _whole_number(value: Any) -> Any:
    """DECIMAL(9,0) arrives as int, sometimes as an integral Decimal; other values stay as they are."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _refuse_existing(gateway: SageMakerGateway, endpoint: str, model_request: dict,
                     config_request: dict) -> set[str]:
    """Refuse resources of that name, except leftovers of an interrupted deployment of the same
    candidate (no endpoint yet, model and endpoint config exactly as requested): those are reused."""
    model = gateway.find_model(endpoint)
    config = gateway.find_endpoint_config(endpoint)
    found = {"model": model, "endpoint config": config, "endpoint": gateway.find_endpoint(endpoint)}
    leftovers = {"model": is_leftover(model, model_request),
                 "endpoint config": is_leftover(config, config_request)}
    if found["endpoint"] is None and all(leftovers[kind] for kind in leftovers if found[kind] is not None):
        return {kind for kind in leftovers if found[kind] is not None}
    existing = [article + " " + kind for article, kind in (
        ("a", "model"), ("an", "endpoint config"), ("an", "endpoint")) if found[kind] is not None]
    if existing:
        listed = " and ".join(filter(None, [", ".join(existing[:-1]), existing[-1]]))
        raise AwsCallError(
            error_codes.RESOURCE_ALREADY_EXISTS,
            f"SageMaker already has {listed} named {endpoint}",
            f"Delete them first (EXECUTE SCRIPT SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('{endpoint}', "
            "<connection>, <region>)) or choose another endpoint name.")
    return set()


def _remove(gateway: SageMakerGateway, created: list[tuple[str, str]]) -> list[str]:
    """Delete what this call created, newest first; return what could not be deleted."""
    deleters = {"model": gateway.delete_model, "endpoint config": gateway.delete_endpoint_config,
                "endpoint": gateway.delete_endpoint}
    left = []
    for kind, name in reversed(created):
        try:
            deleters[kind](name)
        except Exception:  # the original failure is what the user must see; report leftovers
            left.append(f"{kind} {name}")
    return left


def _with_cleanup_note(error: SageMakerExtensionError, left: list[str],
                       endpoint: str) -> SageMakerExtensionError:
    if not left:
        return error
    note = (f" This call could not remove the {', '.join(left)} it had created: run EXECUTE SCRIPT "
            f"SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('{endpoint}', <connection>, <region>).")
    return type(error)(error.code, error.message, error.mitigation + note)
