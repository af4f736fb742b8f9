"""Running a Python UDF script in-process: instances (one namespace each), groups, errors.

Every language alias of the local runtime (``PYTHON3``, ``PYTHON3_SME``, any alias whose
SCRIPT_LANGUAGES entry is a Python container) runs in the current interpreter with the installed
packages. Each instance gets a fresh namespace, so module-level state (a boto3 client, a cache) is
per instance, as per VM in Exasol; modules imported with ``import`` are shared by the process.
Failures become ``LocalSqlError("22002", "VM error: ...")`` with the container's message chain and a
backtrace of the UDF's frames, as Exasol reports them.
"""
from __future__ import annotations

import builtins
import datetime
import decimal
import itertools
import os
import sys
import traceback
import types
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from exasol_sagemaker_extension.local.engine import Column, LocalSqlError, ScriptObject
from exasol_sagemaker_extension.local.udf_context import (
    ExaApi, ExaMeta, UdfContext, exa_column,
)

VM_ERROR_CODE = "22002"
_VM_PREFIX = "VM error: F-UDF-CL-LIB-1127: "
_RUNTIME_FILES = {os.path.abspath(__file__), os.path.abspath(sys.modules[UdfContext.__module__].__file__ or "")}
_vm_ids = itertools.count(1_000_000_001)


@dataclass
class UdfCall:
    """Everything one UDF invocation needs besides its input rows."""

    script: ScriptObject
    inputs: list[Column]
    outputs: list[Column]
    meta_values: dict[str, Any]
    connections: Callable[[str], Any]
    load_module: Callable[[str, ExaApi], Any]
    instances: list["UdfInstance"] = field(default_factory=list)


class UdfInstance:
    """One 'VM': the script text executed once in its own namespace, then run() per row or group."""

    def __init__(self, call: UdfCall) -> None:
        self.call = call
        meta = ExaMeta(**call.meta_values, vm_id=str(next(_vm_ids)),
                       input_column_count=len(call.inputs),
                       input_column_name=[c.name for c in call.inputs],
                       input_columns=[exa_column(c) for c in call.inputs],
                       output_column_count=len(call.outputs),
                       output_columns=[exa_column(c) for c in call.outputs])
        self.exa = ExaApi(meta, call.connections, call.load_module)
        self.namespace: dict[str, Any] = {"__builtins__": builtins, "exa": self.exa, "sys": sys,
                                          "decimal": decimal, "datetime": datetime, "traceback": traceback}
        script = call.script
        try:
            code = compile(script.body, script.name, "exec")
        except SyntaxError as error:
            raise vm_error(f"F-UDF-CL-SL-PYTHON-1000: F-UDF-CL-SL-PYTHON-1005: SyntaxError: {error}")
        try:
            exec(code, self.namespace)
        except BaseException as error:  # the container reports whatever the script text raises
            raise vm_error("F-UDF-CL-SL-PYTHON-1000: F-UDF-CL-SL-PYTHON-1017: ExaUDFError: "
                           + wrapped_message("F-UDF.CL.SL.PYTHON-1122", "Exception while parsing UDF", error))
        if not callable(self.namespace.get("run")):
            raise vm_error("F-UDF-CL-SL-PYTHON-1002: F-UDF-CL-SL-PYTHON-1026: RuntimeError: "
                           "F-UDF-CL-SL-PYTHON-1110: function 'run' is not defined")

    def run_scalar(self, rows: list[tuple], sink: list[tuple]) -> None:
        """SCALAR: run() once per row."""
        ctx = UdfContext(self.call.inputs, rows, self.call.outputs, True, self._emits, sink)
        self._guard(lambda: self._loop(ctx, rows))

    def run_set(self, rows: list[tuple], sink: list[tuple]) -> None:
        """SET: run() once for the group."""
        ctx = UdfContext(self.call.inputs, rows, self.call.outputs, False, self._emits, sink)
        run = self.namespace["run"]

        def body() -> None:
            value = run(ctx)
            if not self._emits:
                ctx._emit_return(value)
        self._guard(body)

    def cleanup(self) -> None:
        """Call the script's cleanup(), if it defines one."""
        cleanup = self.namespace.get("cleanup")
        if callable(cleanup):
            try:
                cleanup()
            except BaseException as error:
                raise vm_error("F-UDF-CL-SL-PYTHON-1001: F-UDF-CL-SL-PYTHON-1023: ExaUDFError: "
                               + wrapped_message("F-UDF-CL-SL-PYTHON-1109", "Exception during cleanup", error))

    @property
    def _emits(self) -> bool:
        """Whether the script EMITS (else RETURNS)."""
        return self.call.script.result_type == "EMITS"

    def _loop(self, ctx: UdfContext, rows: list[tuple]) -> None:
        """run() once per row, as the container does for SCALAR scripts."""
        run = self.namespace["run"]
        if not rows:
            return
        while True:
            value = run(ctx)
            if not self._emits:
                ctx._emit_return(value)
            if not ctx._advance():
                break

    def _guard(self, body: Callable[[], None]) -> None:
        """Run ``body``; any exception becomes the container's "Exception during run" error."""
        try:
            body()
        except LocalSqlError:
            raise
        except BaseException as error:
            raise vm_error("F-UDF-CL-SL-PYTHON-1002: F-UDF-CL-SL-PYTHON-1026: ExaUDFError: "
                           + wrapped_message("F-UDF-CL-SL-PYTHON-1114", "Exception during run", error))


def wrapped_message(error_code: str, what: str, error: BaseException) -> str:
    """The container's ``create_exception_with_complete_backtrace`` text for an exception."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if os.path.abspath(f.filename) not in _RUNTIME_FILES]
    backtrace = " \n".join(f"{f.filename}:{f.lineno} {f.name}" for f in frames)
    return f"{error_code}: {what}: {type(error).__name__}: {error}. \n{backtrace}"


def vm_error(message: str) -> LocalSqlError:
    """A UDF failure as the database reports it."""
    return LocalSqlError(VM_ERROR_CODE, _VM_PREFIX + message)


def load_python_module(script: ScriptObject, exa: ExaApi) -> types.ModuleType:
    """``exa.import_script``: a Python script's text executed as a module with ``exa`` injected."""
    module = types.ModuleType(script.name)
    module.__file__ = f"<{script.name}>"
    module.__dict__["exa"] = exa
    try:
        exec(compile(script.body, script.name, "exec"), module.__dict__)
    except BaseException as error:
        raise ImportError(wrapped_message("F-UDF.CL.SL.PYTHON-1120", f"Importing module {script.name} failed",
                                          error)) from error
    return module


def run_groups(call: UdfCall, groups: list[list[tuple]], nproc: int, scalar: bool) -> list[tuple]:
    """Run the UDF over groups (SET) or row blocks (SCALAR) spread over up to ``nproc`` instances."""
    sink: list[tuple] = []
    if not groups:
        return sink
    count = max(1, min(nproc, len(groups)))
    instances: list[Optional[UdfInstance]] = [None] * count
    try:
        for index, rows in enumerate(groups):
            slot = index % count
            instance = instances[slot]
            if instance is None:
                instance = instances[slot] = UdfInstance(call)
            if scalar:
                instance.run_scalar(rows, sink)
            else:
                instance.run_set(rows, sink)
        for instance in instances:
            if instance is not None:
                instance.cleanup()
    finally:
        call.instances.extend(i for i in instances if i is not None)
    return sink
