"""Wall time of the deploy CLI against the local runtime, and of ``sme-local demo``.

    python -m benchmarks.bench_deploy_and_demo [--quick]

- deploy: the local runtime (what ``sme-local start`` serves: the Exasol stand-in over TLS on
  127.0.0.1) runs in this process; the deploy CLI runs as a subprocess, as a user would start it
  (``python -m exasol_sagemaker_extension.deployment.deploy_cli ... --no-deploy-archive``: the stand-in
  has no BucketFS), into a fresh schema per sample. Its wall time includes the interpreter's start.
- demo: ``python -m exasol_sagemaker_extension.local.cli demo`` as a subprocess, end to end (start the
  runtime, install, train with the local Autopilot, deploy, predict, delete); left out with --quick
  (tests/local/test_demo.py runs it).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from typing import Optional, Sequence

from benchmarks.harness import REPO_ROOT, machine_description, print_table
from exasol_sagemaker_extension.local.runtime import LocalRuntime

DEPLOY_MODULE = "exasol_sagemaker_extension.deployment.deploy_cli"
DEMO_MODULE = "exasol_sagemaker_extension.local.cli"


def timed(command: Sequence[str], env: Optional[dict] = None, timeout: int = 900) -> tuple:
    """(wall seconds, completed process) of one subprocess run."""
    started = time.perf_counter()
    completed = subprocess.run(list(command), capture_output=True, text=True, cwd=REPO_ROOT, env=env,
                               timeout=timeout)
    return time.perf_counter() - started, completed


def deploy_samples(samples: int) -> list:
    seconds = []
    with LocalRuntime(port=0) as runtime:
        env = dict(os.environ, DB_PASSWORD=runtime.password)
        for index in range(samples):
            command = [sys.executable, "-m", DEPLOY_MODULE, "--dsn", runtime.dsn, "--db-user", runtime.user,
                       "--ssl-cert-path", str(runtime.certificate_file), "--no-deploy-archive",
                       "--schema", f"SME_BENCH_{index}"]
            wall, completed = timed(command, env)
            if completed.returncode != 0:
                raise RuntimeError(f"the deploy CLI failed:\n{completed.stdout}\n{completed.stderr}")
            seconds.append(wall)
    return seconds


def demo_seconds() -> tuple:
    wall, completed = timed([sys.executable, "-m", DEMO_MODULE, "demo"])
    if completed.returncode != 0:
        raise RuntimeError(f"sme-local demo failed:\n{completed.stdout}\n{completed.stderr}")
    reported = [line for line in completed.stdout.splitlines() if line.startswith("demo finished")]
    return wall, reported[-1] if reported else ""


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one deploy, no demo: a smoke run")
    options = parser.parse_args(argv)
    print(f"Machine: {machine_description()}")
    samples = 1 if options.quick else 5
    deploys = deploy_samples(samples)
    rows = [("deploy CLI (subprocess, local runtime, --no-deploy-archive)", samples, min(deploys),
             statistics.median(deploys), "")]
    if options.quick:
        rows.append(("sme-local demo", 0, None, None, "left out with --quick"))
    else:
        wall, reported = demo_seconds()
        rows.append(("sme-local demo (subprocess, end to end)", 1, wall, wall, reported))
    print_table("Deploy and demo wall time (s)", ["command", "samples", "best s", "median s", "note"], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
