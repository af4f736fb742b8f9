"""Runs the fixed UDFs through exasol-udf-mock-python, with columns read from their CREATE templates."""
from __future__ import annotations

import datetime
import re
from typing import Any, Callable, Optional

from exasol_udf_mock_python.column import Column
from exasol_udf_mock_python.connection import Connection
from exasol_udf_mock_python.group import Group
from exasol_udf_mock_python.mock_exa_environment import MockExaEnvironment
from exasol_udf_mock_python.mock_meta_data import MockMetaData
from exasol_udf_mock_python.udf_mock_executor import UDFMockExecutor

from exasol_sagemaker_extension import names
from exasol_sagemaker_extension.deployment.renderer import render_template

_COLUMN = re.compile(r"(\w+)\s+(VARCHAR\((\d+)\)|DECIMAL\((\d+),(\d+)\)|DOUBLE|BOOLEAN|TIMESTAMP)")
_PLAIN_TYPES = {"DOUBLE": float, "BOOLEAN": bool, "TIMESTAMP": datetime.datetime}


def render_udf(udf_name: str, schema: str = "SME") -> str:
    """The CREATE statement the deploy CLI runs for ``udf_name``."""
    return render_template("exasol_sagemaker_extension.udfs", f"{udf_name}.sql.j2", schema=schema,
                           language_alias="PYTHON3_SME", rules=names.lua_rules(), prelude="")


def template_columns(udf_name: str) -> tuple[list[Column], list[Column]]:
    """Input and output columns exactly as the template declares them."""
    text = render_udf(udf_name)
    head, _, rest = text.partition("\nEMITS (")
    inputs = head[head.index(f'"{udf_name}"(') + len(udf_name) + 3:]
    outputs = rest[:rest.index(") AS\n")]
    return _columns(inputs), _columns(outputs)


def template_python(udf_name: str) -> str:
    """The Python text after ``AS`` in the template."""
    return render_udf(udf_name).split(" AS\n", 1)[1]


def run_udf(udf_name: str, wrapper: Callable, rows: list[tuple],
            connections: Optional[dict[str, Connection]] = None) -> list[tuple]:
    """Run the SCALAR UDF once per input row and return the emitted rows."""
    inputs, outputs = template_columns(udf_name)
    meta = MockMetaData(script_code_wrapper_function=wrapper, input_type="SCALAR",
                        input_columns=inputs, output_type="EMITS", output_columns=outputs,
                        script_name=udf_name, script_schema="SME")
    exa = MockExaEnvironment(meta, connections=connections or {})
    return UDFMockExecutor().run([Group(rows)], exa)[0].rows


def _columns(text: str) -> list[Column]:
    columns = []
    for name, sql_type, length, precision, scale in _COLUMN.findall(text):
        if sql_type in _PLAIN_TYPES:
            columns.append(Column(name, _PLAIN_TYPES[sql_type], sql_type))
        elif length:
            columns.append(Column(name, str, sql_type, length=int(length)))
        else:
            columns.append(Column(name, int if scale == "0" else float, sql_type,
                                  precision=int(precision), scale=int(scale)))
    return columns


def as_row(values: dict[str, Any], udf_name: str) -> tuple:
    """An input row in template order from ``{parameter: value}``; missing parameters are NULL."""
    inputs, _ = template_columns(udf_name)
    unknown = set(values) - {column.name for column in inputs}
    assert not unknown, f"not parameters of {udf_name}: {unknown}"
    return tuple(values.get(column.name) for column in inputs)
