"""Fixtures of the installer tests: pyexasol's connect replaced by a recorder, and a CLI runner."""
from __future__ import annotations

from typing import Optional

import pyexasol
import pytest
from click.testing import CliRunner, Result

from exasol_sagemaker_extension.deployment import deploy_cli

from .database_stand_ins import RecordingConnector


@pytest.fixture
def connector(monkeypatch: pytest.MonkeyPatch) -> RecordingConnector:
    """Replace pyexasol's connect, the one spot where production code reaches the network."""
    recorder = RecordingConnector()
    monkeypatch.setattr(pyexasol, "connect", recorder)
    monkeypatch.delenv(deploy_cli.PASSWORD_ENVVAR, raising=False)
    return recorder


@pytest.fixture
def run_cli(connector: RecordingConnector):
    """Run the deploy command in-process and return click's result."""

    def run(*args: str, env: Optional[dict[str, str]] = None, stdin: Optional[str] = None) -> Result:
        return CliRunner().invoke(deploy_cli.main, list(args), env=env, input=stdin,
                                  catch_exceptions=True)

    return run
