import threading

import pytest

from exasol_sagemaker_extension.request_sender import RequestSender


class RecordingEndpoint:
    """Answers each body with its upper-case text; records the thread and the bodies, can be held."""

    def __init__(self, fail_on: bytes = b""):
        self.bodies = []
        self.threads = set()
        self.release = threading.Event()
        self.release.set()
        self.started = threading.Event()
        self.fail_on = fail_on

    def __call__(self, body, tag):
        self.started.set()
        self.release.wait(10)
        self.bodies.append(body)
        self.threads.add(threading.current_thread().name)
        if self.fail_on and body == self.fail_on:
            raise ValueError(f"E-SME-71: batch {tag} failed")
        return body.upper()


@pytest.mark.parametrize("threaded", [True, False])
def test_answers_come_back_in_the_order_the_bodies_were_handed_over(threaded):
    endpoint = RecordingEndpoint()
    sender = RequestSender(endpoint, threaded=threaded, waiting=3)
    for number in range(5):
        sender.send(b"body %d" % number, number)
    assert [sender.next_answer() for _ in range(5)] == [(number, b"BODY %d" % number) for number in range(5)]
    assert sender.outstanding() == 0


@pytest.mark.parametrize("threaded, in_caller", [(True, False), (False, True)])
def test_bodies_go_out_from_a_worker_thread_or_from_the_caller_when_not_threaded(threaded, in_caller):
    endpoint = RecordingEndpoint()
    sender = RequestSender(endpoint, threaded=threaded)
    sender.send(b"a", 1)
    sender.next_answer()
    assert (endpoint.threads == {threading.current_thread().name}) == in_caller


def test_the_caller_goes_on_until_a_body_must_wait_for_room_which_means_the_endpoint_is_behind():
    endpoint = RecordingEndpoint()
    endpoint.release.clear()
    sender = RequestSender(endpoint, waiting=1)
    assert sender.send(b"a", 1) is False
    assert endpoint.started.wait(10)  # "a" is on its way, held by the endpoint
    assert sender.send(b"b", 2) is False  # the one body that may wait: the caller goes on
    threading.Timer(0.05, endpoint.release.set).start()
    assert sender.send(b"c", 3) is True  # had to wait until "a" was answered
    assert [sender.next_answer()[1] for _ in range(3)] == [b"A", b"B", b"C"]


@pytest.mark.parametrize("threaded", [True, False])
def test_a_failed_request_is_raised_in_its_turn_and_nothing_is_sent_after_it(threaded):
    endpoint = RecordingEndpoint(fail_on=b"b")
    sender = RequestSender(endpoint, threaded=threaded, waiting=3)
    for body, tag in ((b"a", 1), (b"b", 2), (b"c", 3), (b"d", 4)):
        sender.send(body, tag)
    assert sender.next_answer() == (1, b"A")
    with pytest.raises(ValueError, match="E-SME-71: batch 2 failed"):
        sender.next_answer()
    assert endpoint.bodies == [b"a", b"b"]
    assert sender.outstanding() == 0


def test_stop_drops_the_waiting_bodies_and_ends_the_worker_after_the_request_on_its_way():
    senders_before = _sender_threads()
    endpoint = RecordingEndpoint()
    endpoint.release.clear()
    sender = RequestSender(endpoint, waiting=1)
    sender.send(b"a", 1)
    assert endpoint.started.wait(10)
    sender.send(b"b", 2)
    sender.stop()
    endpoint.release.set()
    for _ in range(100):
        if _sender_threads() <= senders_before:
            break
        threading.Event().wait(0.02)
    assert endpoint.bodies == [b"a"]
    assert _sender_threads() <= senders_before


def _sender_threads():
    return sum(1 for thread in threading.enumerate() if thread.name == "sme-request-sender")


def test_asking_for_an_answer_when_none_is_outstanding_is_a_programming_error():
    with pytest.raises(RuntimeError):
        RequestSender(RecordingEndpoint()).next_answer()
