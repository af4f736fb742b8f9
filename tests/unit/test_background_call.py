import threading

import pytest

from exasol_sagemaker_extension.background_call import BackgroundCall


def current_thread_name(suffix=""):
    return threading.current_thread().name + suffix


@pytest.mark.parametrize("inline, runs_in_caller", [(True, True), (False, False)])
def test_the_call_runs_inline_or_in_its_own_thread_and_gives_its_result(inline, runs_in_caller):
    call = BackgroundCall(current_thread_name, "!", inline=inline)
    assert (call.result() == threading.current_thread().name + "!") == runs_in_caller
    assert call.result().endswith("!")


@pytest.mark.parametrize("inline", [True, False])
def test_an_exception_of_the_call_is_raised_by_result(inline):
    def fail():
        raise ValueError("E-SME-71: broken")

    call = BackgroundCall(fail, inline=inline)
    with pytest.raises(ValueError, match="E-SME-71: broken"):
        call.result()


def test_the_caller_goes_on_while_the_call_runs():
    release = threading.Event()
    call = BackgroundCall(lambda: release.wait(10) and "done")
    release.set()  # reached although the call is still waiting for it
    assert call.result() == "done"
