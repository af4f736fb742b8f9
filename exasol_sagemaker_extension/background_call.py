"""One function call run in a daemon thread, so the caller can do other work until it needs the result.

The prediction UDF sends a batch this way and meanwhile reads and serialises the next one; the endpoint's
time and the UDF's own time then overlap instead of adding up. ``inline=True`` runs the call at once in
the calling thread (no thread for a group that needs a single request), with the same interface.
"""
from __future__ import annotations

import threading
from typing import Any, Callable, Optional


class BackgroundCall:
    """``function(*args)`` running in its own daemon thread; :meth:`result` waits for it."""

    def __init__(self, function: Callable[..., Any], *args: Any, inline: bool = False):
        self._result: Any = None
        self._error: Optional[BaseException] = None
        self._thread: Optional[threading.Thread] = None
        if inline:
            self._call(function, args)
        else:
            self._thread = threading.Thread(target=self._call, args=(function, args),
                                            name="sme-background-call", daemon=True)
            self._thread.start()

    def result(self) -> Any:
        """The call's return value, once it has finished; its exception is raised here instead."""
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return self._result

    def _call(self, function: Callable[..., Any], args: tuple) -> None:
        try:
            self._result = function(*args)
        except BaseException as error:  # handed to the caller by result()
            self._error = error
