"""install() patches moto once; uninstall() and the end of installed() give plain moto back."""
from __future__ import annotations

from moto.sagemaker.models import AutoMLJob, SageMakerModelBackend
from moto.sagemaker.responses import SageMakerResponse

from exasol_sagemaker_extension.local.autopilot import install, service, uninstall
from exasol_sagemaker_extension.local.autopilot.worker import AutopilotWorker

MOTO = (SageMakerModelBackend.__dict__["create_auto_ml_job_v2"], AutoMLJob.__dict__["describe"],
        AutoMLJob.__dict__["summary"])


def patched_methods() -> tuple:
    return (SageMakerModelBackend.__dict__["create_auto_ml_job_v2"], AutoMLJob.__dict__["describe"],
            AutoMLJob.__dict__["summary"])


def test_moto_is_plain_while_nothing_holds_the_patches():
    assert not service.is_installed()
    assert patched_methods() == MOTO and not hasattr(SageMakerResponse, "list_candidates_for_auto_ml_job")


def test_installing_twice_patches_once_and_uninstalling_restores_moto():
    install()
    first = patched_methods()
    install()
    assert patched_methods() == first and all(a is not b for a, b in zip(first, MOTO))
    assert hasattr(SageMakerResponse, "list_candidates_for_auto_ml_job")
    uninstall()
    assert patched_methods() == MOTO and not hasattr(SageMakerResponse, "list_candidates_for_auto_ml_job")


def test_the_last_holder_to_leave_uninstalls():
    with service.installed():
        with service.installed():
            assert service.is_installed()
        assert service.is_installed()
    assert not service.is_installed()


def test_an_install_made_before_the_holders_outlives_them():
    install()
    with service.installed():
        pass
    assert service.is_installed()
    uninstall()


def test_a_worker_holds_the_patches_while_it_runs():
    worker = AutopilotWorker(endpoint_url=None, phase_seconds=0.0).start()
    assert service.is_installed()
    worker.stop()
    assert not service.is_installed()
