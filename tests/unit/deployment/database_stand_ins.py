"""Stand-ins for the database: a connection that records statements, a connector that records logins."""
from __future__ import annotations

from typing import Any, Optional

import pyexasol

PASSWORD = "Pw-7c1e!not-for-output"


class RecordingConnection:
    """Records every statement; fails like pyexasol on the first statement containing ``fail_on``."""

    def __init__(self, fail_on: Optional[str] = None, message: str = "insufficient privileges",
                 code: str = "42500"):
        self.executed: list[str] = []
        self.closed = False
        self.fail_on_close = False
        self.options = {"verbose_error": False}
        self._fail_on = fail_on
        self._message = message
        self._code = code

    def execute(self, query: str) -> None:
        if self.closed:
            raise AssertionError("statement sent on a closed connection")
        if self._fail_on is not None and self._fail_on in query:
            raise pyexasol.ExaQueryError(self, query, self._code, self._message)
        self.executed.append(query)

    def close(self) -> None:
        self.closed = True
        if self.fail_on_close:
            raise pyexasol.ExaCommunicationError(self, "connection already lost")


class RecordingConnector:
    """Takes the place of ``pyexasol.connect``: records its arguments, hands out recording connections."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.connections: list[RecordingConnection] = []
        self.refusal: Optional[pyexasol.ExaError] = None
        self.fail_on: Optional[str] = None
        self.failure_message = "insufficient privileges for creating script"
        self.fail_on_close = False

    def refuse_with(self, error_class: type, message: str) -> None:
        """Make every following login fail the way pyexasol reports it."""
        self.refusal = (error_class(None, message) if error_class is not pyexasol.ExaAuthError
                        else error_class(None, "08004", message))

    def __call__(self, **kwargs: Any) -> RecordingConnection:
        self.calls.append(kwargs)
        if self.refusal is not None:
            raise self.refusal
        connection = RecordingConnection(self.fail_on, self.failure_message)
        connection.fail_on_close = self.fail_on_close
        self.connections.append(connection)
        return connection

    @property
    def executed(self) -> list[str]:
        """Statements of the last connection."""
        return self.connections[-1].executed
