"""Request bodies sent one after another from a worker thread, while the caller prepares the next ones.

The prediction UDF hands each body over as soon as it is written and goes on reading and writing; the
worker sends the next body the moment the previous answer is in, so the endpoint does not wait for the
UDF to read that answer. One request is on its way at a time, and at most ``waiting`` more bodies wait
for their turn. Answers come back in the order the bodies were handed over.

After a failed request nothing more is sent: the bodies still waiting are dropped and the failure is
raised by :meth:`RequestSender.next_answer` in its place. :meth:`RequestSender.stop` drops whatever waits
(a request already on its way finishes in the daemon thread, and its answer is dropped).
``threaded=False`` sends each body at once from the caller's thread (a group that needs one request).
"""
from __future__ import annotations

import queue
import threading
from collections import deque
from typing import Any, Callable, Deque, Optional, Tuple

_STOP = object()


class RequestSender:
    """Sends ``invoke(body, tag)`` for each body handed over, one at a time, in order."""

    def __init__(self, invoke: Callable[[bytes, Any], Any], threaded: bool = True, waiting: int = 1):
        self._invoke = invoke
        self._answers: Deque[Tuple[Any, Any, Optional[BaseException]]] = deque()
        self._answered = threading.Condition()
        self._handed_over = 0
        self._given_back = 0
        self._failed = False
        self._bodies: Optional[queue.Queue] = None
        if threaded:
            self._bodies = queue.Queue(maxsize=max(1, waiting))
            threading.Thread(target=self._work, name="sme-request-sender", daemon=True).start()

    def send(self, body: bytes, tag: Any) -> bool:
        """Hand a body over to be sent after the earlier ones.

        Returns whether it had to wait for room, that is whether the endpoint is slower than the caller.
        """
        self._handed_over += 1
        if self._bodies is None:
            if not self._failed:
                self._call(body, tag)
            return False
        behind = self._bodies.full()
        self._bodies.put((body, tag))
        return behind

    def answered(self) -> int:
        """How many answers (or failures) are in and not yet taken."""
        with self._answered:
            return len(self._answers)

    def outstanding(self) -> int:
        """How many bodies handed over have not had their answer taken yet."""
        return self._handed_over - self._given_back

    def next_answer(self) -> Tuple[Any, Any]:
        """``(tag, answer)`` of the oldest body whose answer is not taken yet, waiting for it if need be.

        A failed request raises its exception here, in its turn.
        """
        if self.outstanding() <= 0:
            raise RuntimeError("no body is waiting for its answer")
        with self._answered:
            while not self._answers:
                self._answered.wait()
            tag, answer, error = self._answers.popleft()
        self._given_back += 1
        if error is not None:
            self._given_back = self._handed_over  # nothing after a failure is answered
            raise error
        return tag, answer

    def stop(self) -> None:
        """Send nothing more; the worker thread ends after the request on its way, if any."""
        self._failed = True
        if self._bodies is None:
            return
        while True:
            try:
                self._bodies.get_nowait()
            except queue.Empty:
                break
        self._bodies.put_nowait(_STOP)

    def _work(self) -> None:
        assert self._bodies is not None
        while True:
            item = self._bodies.get()
            if item is _STOP:
                return
            if not self._failed:
                self._call(*item)

    def _call(self, body: bytes, tag: Any) -> None:
        try:
            result: Tuple[Any, Any, Optional[BaseException]] = (tag, self._invoke(body, tag), None)
        except BaseException as error:  # handed to the caller by next_answer
            self._failed = True
            result = (tag, None, error)
        with self._answered:
            self._answers.append(result)
            self._answered.notify()
