"""Exasol's JSON-over-WebSocket protocol (v1-v3) as far as pyexasol uses it, one object per connection.

Login: ``login`` -> RSA public key (PEM, 1024 bit as Exasol's) -> username and Base64 RSA/PKCS#1 v1.5
encrypted password -> session. Then ``getAttributes``, ``setAttributes``, ``execute``, ``executeBatch``,
``fetch``, ``closeResultSet``, ``getHosts``, ``getSchemas``, ``getTables``, ``disconnect``; anything else is answered with the
"not supported by the local runtime" error. Result sets of fewer than 1,000 rows travel in the
``execute`` answer; larger ones get a ``resultSetHandle`` and are read with ``fetch`` (bounded by
``numBytes``), as Exasol documents.
"""
from __future__ import annotations

import base64
import functools
import json
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from exasol_sagemaker_extension.local.engine import Column, LocalSqlError, Result, Session, not_supported
from exasol_sagemaker_extension.local.sql_types import SqlType, parse_type_text

if TYPE_CHECKING:
    from exasol_sagemaker_extension.local.engine import LocalDatabase

LOGGER = logging.getLogger(__name__)
RELEASE_VERSION = "8.34.0"
MAX_PROTOCOL_VERSION = 3
RESULT_SET_HANDLE_THRESHOLD = 1000
MAX_DATA_MESSAGE_SIZE = 64 * 1024 * 1024
_NAME_TYPE = "VARCHAR(128) UTF8"
AUTH_FAILED = ("08004", "Connection exception - authentication failed.")


@functools.lru_cache(maxsize=1024)
def _sql_type(text: str) -> SqlType:
    """Parsed Exasol type text (cached: result columns repeat a lot)."""
    return parse_type_text(text)


@dataclass
class _OpenResultSet:
    """A result set kept for ``fetch``."""

    types: list[SqlType]
    rows: list[tuple]


class ProtocolConnection:
    """The state of one client connection: login progress, session and open result sets."""

    def __init__(self, db: LocalDatabase, rsa_key: rsa.RSAPrivateKey, peer: str = "") -> None:
        self.db = db
        self.rsa_key = rsa_key
        self.peer = peer
        self.state = "new"  # new -> key_sent -> ready -> closed
        self.session: Session | None = None
        self.protocol_version = 1
        self.use_compression = False
        self._result_sets: dict[int, _OpenResultSet] = {}
        self._next_handle = 1

    def handle(self, request: dict[str, Any]) -> tuple[dict[str, Any] | None, bool]:
        """Answer one request; returns (response or None for no answer, whether to close afterwards)."""
        try:
            if self.state == "new":
                return self._login_start(request), False
            if self.state == "key_sent":
                return self._login_finish(request)
            return self._command(request)
        except LocalSqlError as error:
            return error_response(error.sql_code, error.text), False
        except Exception as error:  # noqa: BLE001 - the client gets an error instead of a dead socket
            LOGGER.exception("internal error of the local runtime")
            return error_response("00000", f"internal error of the local runtime: {error!r}"), False

    def close(self) -> None:
        """Drop open result sets and end the session."""
        self._result_sets.clear()
        if self.session is not None:
            self.db.close_session(self.session)
            self.session = None
        self.state = "closed"

    # -- login ------------------------------------------------------------------------------------

    def _login_start(self, request: dict[str, Any]) -> dict[str, Any]:
        """Step 1 of the login: send the public key."""
        command = request.get("command")
        if command == "loginToken":
            raise not_supported("OpenID token login")
        if command != "login":
            raise LocalSqlError("08004", "Connection exception - login required")
        self.protocol_version = max(1, min(int(request.get("protocolVersion", 1)), MAX_PROTOCOL_VERSION))
        public = self.rsa_key.public_key()
        numbers = public.public_numbers()
        self.state = "key_sent"
        return ok({
            "publicKeyPem": public.public_bytes(serialization.Encoding.PEM,
                                                serialization.PublicFormat.PKCS1).decode(),
            "publicKeyModulus": format(numbers.n, "X"),
            "publicKeyExponent": format(numbers.e, "X"),
        })

    def _login_finish(self, request: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """Step 2 of the login: check user and password, open the session."""
        user = str(request.get("username", ""))
        try:
            password = self.rsa_key.decrypt(base64.b64decode(request.get("password", "")), padding.PKCS1v15()).decode()
        except (ValueError, TypeError):
            return error_response(*AUTH_FAILED), True
        if not self.db.authenticate(user, password):
            return error_response(*AUTH_FAILED), True
        session = self.db.open_session(user)
        self.session = session
        session.attributes.update({"autocommit": True, "queryTimeout": 0, "snapshotTransactionsEnabled": False})
        self.use_compression = bool(request.get("useCompression", False))
        try:
            self._set_attributes(request.get("attributes") or {})
        except LocalSqlError as error:
            self.close()
            return error_response(error.sql_code, error.text), True
        self.state = "ready"
        return ok({
            "sessionId": session.session_id,
            "protocolVersion": self.protocol_version,
            "releaseVersion": RELEASE_VERSION,
            "databaseName": "SME_LOCAL",
            "productName": "Exasol DB (local stand-in)",
            "maxDataMessageSize": MAX_DATA_MESSAGE_SIZE,
            "maxIdentifierLength": 128,
            "maxVarcharLength": 2_000_000,
            "identifierQuoteString": '"',
            "timeZone": "UTC",
            "timeZoneBehavior": "INVALID SHIFT AMBIGUOUS ST",
        }), False

    # -- commands ---------------------------------------------------------------------------------

    def _command(self, request: dict[str, Any]) -> tuple[dict[str, Any] | None, bool]:
        """Dispatch a command of a logged-in connection."""
        command = request.get("command")
        if request.get("attributes"):
            self._set_attributes(request["attributes"])
        if command == "disconnect":
            self.close()
            return ok(None), True
        if command == "abortQuery":
            return None, False
        handler = {
            "getAttributes": lambda: self._with_attributes(ok(None)),
            "setAttributes": lambda: self._with_attributes(ok(None)),
            "execute": lambda: self._execute([request.get("sqlText", "")]),
            "executeBatch": lambda: self._execute(list(request.get("sqlTexts", []))),
            "fetch": lambda: self._fetch(request),
            "closeResultSet": lambda: self._close_result_sets(request.get("resultSetHandles", [])),
            "getHosts": lambda: ok({"numNodes": self.db.nproc, "nodes": ["127.0.0.1"] * self.db.nproc}),
            "getSchemas": lambda: self._meta(schemas_result(self.db, request)),
            "getTables": lambda: self._meta(tables_result(self.db, request)),
        }.get(str(command))
        if handler is None:
            raise not_supported(f"WebSocket command {command}")
        return handler(), False

    def _execute(self, statements: list[str]) -> dict[str, Any]:
        """Run statements one after the other; the first error ends the batch."""
        assert self.session is not None
        results = [self._result_json(self.db.execute(self.session, sql)) for sql in statements]
        return self._with_attributes(ok({"numResults": len(results), "results": results}))

    def _meta(self, result: Result) -> dict[str, Any]:
        """The answer to a metadata command: one result set."""
        return ok({"numResults": 1, "results": [self._result_json(result)]})

    def _result_json(self, result: Result) -> dict[str, Any]:
        """One entry of ``results``."""
        if result.columns is None:
            return {"resultType": "rowCount", "rowCount": int(result.rows_affected or 0)}
        types = [_sql_type(c.sql_type) for c in result.columns]
        result_set: dict[str, Any] = {
            "numColumns": len(result.columns),
            "numRows": len(result.rows),
            "columns": [{"name": c.name, "dataType": t.data_type_json()} for c, t in zip(result.columns, types)],
        }
        if len(result.rows) < RESULT_SET_HANDLE_THRESHOLD:
            result_set["numRowsInMessage"] = len(result.rows)
            result_set["data"] = column_major(types, result.rows)
        else:
            handle = self._next_handle
            self._next_handle += 1
            self._result_sets[handle] = _OpenResultSet(types, result.rows)
            result_set["resultSetHandle"] = handle
            result_set["numRowsInMessage"] = 0
        return {"resultType": "resultSet", "resultSet": result_set}

    def _fetch(self, request: dict[str, Any]) -> dict[str, Any]:
        """Rows from ``startPosition`` until about ``numBytes`` of JSON (at least one row)."""
        handle = request.get("resultSetHandle")
        result_set = self._result_sets.get(handle) if isinstance(handle, int) else None
        if result_set is None:
            raise LocalSqlError("00000", f"result set handle {handle} is not open")
        start = int(request.get("startPosition", 0))
        budget = min(int(request.get("numBytes", MAX_DATA_MESSAGE_SIZE)), MAX_DATA_MESSAGE_SIZE)
        rows, used = [], 0
        for row in result_set.rows[start:]:
            values = [t.json_value(v) for t, v in zip(result_set.types, row)]
            size = len(json.dumps(values, default=str)) + 2
            if rows and used + size > budget:
                break
            rows.append(row)
            used += size
        return ok({"numRows": len(rows), "data": column_major(result_set.types, rows)})

    def _close_result_sets(self, handles: list[Any]) -> dict[str, Any]:
        """Forget result sets."""
        for handle in handles:
            self._result_sets.pop(handle, None)
        return ok(None)

    # -- attributes -------------------------------------------------------------------------------

    def _set_attributes(self, attributes: dict[str, Any]) -> None:
        """Apply client attributes: currentSchema opens a schema, autocommit must stay on."""
        assert self.session is not None
        for name, value in attributes.items():
            if name == "currentSchema":
                schema = str(value or "")
                if schema:
                    self.db.objects.require_schema(schema)
                self.session.current_schema = schema or None
            elif name == "autocommit":
                if value is False:
                    raise not_supported("autocommit off (every statement is committed)")
                self.session.attributes["autocommit"] = True
            else:
                self.session.attributes[name] = value

    def _with_attributes(self, response: dict[str, Any]) -> dict[str, Any]:
        """Add the session's attributes to a response."""
        assert self.session is not None
        response["attributes"] = {
            **self.session.attributes,
            "currentSchema": self.session.current_schema or "",
            "compressionEnabled": self.use_compression,
            "dateFormat": "YYYY-MM-DD",
            "datetimeFormat": "YYYY-MM-DD HH24:MI:SS.FF6",
            "dateLanguage": "ENG",
            "defaultLikeEscapeCharacter": "\\",
            "numericCharacters": ".,",
            "openTransaction": False,
            "timezone": "UTC",
            "timeZoneBehavior": "INVALID SHIFT AMBIGUOUS ST",
        }
        return response


def like(pattern: Any, value: str) -> bool:
    """SQL LIKE with '%', '_' and backslash escapes; a missing pattern matches everything."""
    if pattern is None:
        return True
    regex, escaped = "", False
    for char in str(pattern):
        if escaped:
            regex += re.escape(char)
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            regex += ".*" if char == "%" else "." if char == "_" else re.escape(char)
    return re.fullmatch(regex, value, re.DOTALL) is not None


def schemas_result(db: LocalDatabase, request: dict[str, Any]) -> Result:
    """``getSchemas``: TABLE_SCHEM, TABLE_CATALOG of schemas matching the ``schema`` pattern."""
    names = sorted(n for n in db.objects.schemas if like(request.get("schema"), n))
    return Result(columns=[Column("TABLE_SCHEM", _NAME_TYPE), Column("TABLE_CATALOG", _NAME_TYPE)],
                  rows=[(n, "EXA_DB") for n in names])


def tables_result(db: LocalDatabase, request: dict[str, Any]) -> Result:
    """``getTables``: tables and views matching ``schema``, ``table`` and ``tableTypes``."""
    types = request.get("tableTypes") or ["TABLE", "VIEW"]
    rows = sorted(("EXA_DB", info.schema, info.name, info.kind, None)
                  for info in db.objects.tables.values()
                  if info.kind in types and like(request.get("schema"), info.schema)
                  and like(request.get("table"), info.name))
    names = ["TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS"]
    return Result(columns=[Column(n, _NAME_TYPE) for n in names], rows=rows)


def column_major(types: list[SqlType], rows: list[tuple]) -> list[list[Any]]:
    """Rows as Exasol sends them: one list per column."""
    return [[sql_type.json_value(row[index]) for row in rows] for index, sql_type in enumerate(types)]


def ok(response_data: dict[str, Any] | None) -> dict[str, Any]:
    """A successful response."""
    response: dict[str, Any] = {"status": "ok"}
    if response_data is not None:
        response["responseData"] = response_data
    return response


def error_response(sql_code: str, text: str) -> dict[str, Any]:
    """An error response."""
    return {"status": "error", "exception": {"sqlCode": sql_code, "text": text}}
