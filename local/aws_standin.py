"""A local AWS stand-in: moto's server bound to 127.0.0.1, started and stopped on request.

Nothing global is set here: callers point botocore at ``endpoint_url`` themselves, usually through
botocore's own ``AWS_ENDPOINT_URL`` variable (for example with pytest's ``monkeypatch.setenv``).
moto keeps its state in process-wide backends, so every stand-in of one process (and ``mock_aws``)
sees the same buckets and jobs; ``reset()`` empties them all.

The stand-in also trains Autopilot jobs (``local.autopilot``: a worker thread that runs while the
stand-in runs) and serves local endpoints for the models it trained (``local.endpoints``) and runs
batch transform jobs with them (``local.transform``).
"""
from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Optional

from moto.server import ThreadedMotoServer

from exasol_sagemaker_extension.local import autopilot, endpoints, transform

LOCALHOST = "127.0.0.1"


@dataclass
class AwsStandin:
    """A running moto server; ``endpoint_url`` is what botocore needs."""

    server: ThreadedMotoServer
    host: str
    port: int
    autopilot_worker: Optional[Any] = field(default=None, repr=False)
    _stopped: bool = field(default=False, repr=False)

    @property
    def endpoint_url(self) -> str:
        """The HTTP address of the server, for ``AWS_ENDPOINT_URL`` or ``endpoint_url=``."""
        return f"http://{self.host}:{self.port}"

    def reset(self) -> None:
        """Forget every bucket, object, job and endpoint (moto's ``/moto-api/reset``)."""
        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def queue_endpoint_results(self, region: str, results: list[dict], account_id: str = "123456789012") -> None:
        """Queue canned ``invoke_endpoint`` answers (moto answers ``b"body"`` otherwise)."""
        body = json.dumps({"account_id": account_id, "region": region, "results": results}).encode()
        request = urllib.request.Request(
            f"{self.endpoint_url}/moto-api/static/sagemaker/endpoint-results", data=body, method="POST",
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def stop(self) -> None:
        """Stop the server; calling it twice is harmless."""
        if not self._stopped:
            self._stopped = True
            try:
                if self.autopilot_worker is not None:
                    self.autopilot_worker.stop()
            finally:
                self.server.stop()

    def __enter__(self) -> "AwsStandin":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def start_aws_standin(port: int = 0) -> AwsStandin:
    """Start moto's server on 127.0.0.1 (``port=0`` picks a free port), the local Autopilot's worker (it
    holds the Autopilot patches of moto until ``stop()``), the local endpoints and the local transform jobs;
    return the handle."""
    endpoints.install()
    transform.install()
    server = ThreadedMotoServer(ip_address=LOCALHOST, port=port, verbose=False)
    server.start()
    host, bound_port = server.get_host_and_port()
    standin = AwsStandin(server=server, host=host, port=bound_port)
    try:
        standin.autopilot_worker = autopilot.start_worker(endpoint_url=standin.endpoint_url)
    except BaseException:
        server.stop()
        raise
    return standin
