"""Stand-ins for the database: a connection that records statements, a connector that records logins.

The recorded database keeps ``SCRIPT_LANGUAGES`` as Exasol does: one system value, and per session a
value taken from the system value at login; ``SYS.EXA_PARAMETERS`` answers with both and ``ALTER
SYSTEM|SESSION SET SCRIPT_LANGUAGES='...'`` changes them.
"""
from __future__ import annotations

import re
from typing import Any, Optional

import pyexasol

PASSWORD = "Pw-7c1e!not-for-output"
EXASOL_DEFAULT_SCRIPT_LANGUAGES = "R=builtin_r JAVA=builtin_java PYTHON3=builtin_python3"
_ALTER_RE = re.compile(r"ALTER (SYSTEM|SESSION) SET SCRIPT_LANGUAGES='((?:[^']|'')*)'", re.IGNORECASE)
_PARAMETER_RE = re.compile(r'SELECT\s+"?(SYSTEM|SESSION)_VALUE"?\s+FROM\s+SYS\.EXA_PARAMETERS', re.IGNORECASE)


class ScriptLanguages:
    """The system value of SCRIPT_LANGUAGES, shared by every session of the recorded database."""

    def __init__(self, system: Optional[str] = EXASOL_DEFAULT_SCRIPT_LANGUAGES):
        self.system = system


class RecordedResult:
    """What ``execute`` returns: the rows of a SELECT, nothing for other statements."""

    def __init__(self, rows: list[tuple]):
        self._rows = rows

    def fetchall(self) -> list[tuple]:
        return list(self._rows)

    def fetchval(self) -> Any:
        return self._rows[0][0] if self._rows else None


class RecordingConnection:
    """Records every statement; fails like pyexasol on the first statement containing ``fail_on``."""

    def __init__(self, fail_on: Optional[str] = None, message: str = "insufficient privileges",
                 code: str = "42500", languages: Optional[ScriptLanguages] = None):
        self.executed: list[str] = []
        self.closed = False
        self.fail_on_close = False
        self.options = {"verbose_error": False}
        self.languages = languages or ScriptLanguages()
        self.session_languages = self.languages.system
        self._fail_on = fail_on
        self._message = message
        self._code = code

    def execute(self, query: str) -> RecordedResult:
        if self.closed:
            raise AssertionError("statement sent on a closed connection")
        if self._fail_on is not None and self._fail_on in query:
            raise pyexasol.ExaQueryError(self, query, self._code, self._message)
        self.executed.append(query)
        parameter = _PARAMETER_RE.search(query)
        if parameter and "SCRIPT_LANGUAGES" in query:
            level = parameter.group(1).upper()
            return RecordedResult([(self.languages.system if level == "SYSTEM" else self.session_languages,)])
        alter = _ALTER_RE.fullmatch(query.strip())
        if alter:
            value = alter.group(2).replace("''", "'")
            if alter.group(1).upper() == "SYSTEM":
                self.languages.system = value
            else:
                self.session_languages = value
        return RecordedResult([])

    @property
    def changes(self) -> list[str]:
        """The SCRIPT_LANGUAGES changes (ALTER SYSTEM|SESSION) this session ran."""
        return [query for query in self.executed if _ALTER_RE.fullmatch(query.strip())]

    @property
    def created(self) -> list[str]:
        """The installing statements this session ran (the runtime's reads and SCRIPT_LANGUAGES changes left out)."""
        return [query for query in self.executed if query.startswith(("CREATE ", "ALTER TABLE "))]

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
        self.languages = ScriptLanguages()

    def refuse_with(self, error_class: type, message: str) -> None:
        """Make every following login fail the way pyexasol reports it."""
        self.refusal = (error_class(None, message) if error_class is not pyexasol.ExaAuthError
                        else error_class(None, "08004", message))

    def __call__(self, **kwargs: Any) -> RecordingConnection:
        self.calls.append(kwargs)
        if self.refusal is not None:
            raise self.refusal
        connection = RecordingConnection(self.fail_on, self.failure_message, languages=self.languages)
        connection.fail_on_close = self.fail_on_close
        self.connections.append(connection)
        return connection

    @property
    def executed(self) -> list[str]:
        """Statements of the last connection."""
        return self.connections[-1].executed

    @property
    def created(self) -> list[str]:
        """The CREATE statements of the last connection."""
        return self.connections[-1].created
