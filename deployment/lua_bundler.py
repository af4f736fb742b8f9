"""Bundles the Lua modules of ``lua/src`` into one script per ``EXECUTE SCRIPT`` entry point.

Every module ``lua/src/<x>.lua`` becomes ``package.preload["sme.<x>"]``; ``sme.rules`` and
``sme.error_codes`` are rendered from :func:`names.lua_rules` and :mod:`error_codes`, so no Lua file
repeats a limit or a code number; ``sme.runtime`` carries the directory of the deployed package archive
(``python_path``, nil without one). The entry script's source comes last. The output depends only on the
package's files and ``python_path``, so the same version always deploys the same text.
"""
from __future__ import annotations

import re
from importlib import resources
from typing import NamedTuple, Optional

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.deployment.renderer import render_template

LUA_PACKAGE = "exasol_sagemaker_extension.lua"
MODULE_PREFIX = "sme."
_RENDERED_MODULES = {"rules": "rules.lua.j2", "error_codes": "error_codes.lua.j2",
                     "runtime": "runtime.lua.j2"}
_REQUIRE_RE = re.compile(r"""require\s*\(?\s*["']sme\.([A-Za-z0-9_]+)["']""")
# A line holding only "/" ends the statement in SQL clients such as EXAplus and DbVisualizer.
_SLASH_LINE_RE = re.compile(r"^[ \t]*/[ \t]*$", re.MULTILINE)


class LuaScript(NamedTuple):
    """One Lua script of the SQL surface: its entry file in ``lua/src`` and its parameters in order."""

    entry_file: str
    parameters: tuple[str, ...]


LUA_SCRIPTS: dict[str, LuaScript] = {
    "SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT": LuaScript("entry_train.lua", ("json_str",)),
    "SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS": LuaScript(
        "entry_poll.lua", ("job_name", "aws_credentials_connection_name", "aws_region")),
    "SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT": LuaScript(
        "entry_deploy.lua",
        ("job_name", "endpoint_name", "schema_name", "instance_type", "instance_count",
         "aws_credentials_connection_name", "aws_region")),
    "SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT": LuaScript(
        "entry_delete.lua", ("endpoint_name", "aws_credentials_connection_name", "aws_region")),
    "SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS": LuaScript("entry_deploy_with_options.lua", ("json_str",)),
    "SME_CREATE_SAGEMAKER_PREDICTION_UDF": LuaScript("entry_create_prediction_udf.lua", ("json_str",)),
    "SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT": LuaScript("entry_batch_predict.lua", ("json_str",)),
    "SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES": LuaScript(
        "entry_candidates.lua", ("job_name", "aws_credentials_connection_name", "aws_region")),
    "SME_STOP_SAGEMAKER_AUTOPILOT_JOB": LuaScript(
        "entry_stop.lua", ("job_name", "aws_credentials_connection_name", "aws_region")),
    "SME_REFRESH_SAGEMAKER_STATE": LuaScript(
        "entry_refresh.lua", ("aws_credentials_connection_name", "aws_region")),
    "SME_DELETE_SAGEMAKER_AUTOPILOT_JOB_DATA": LuaScript(
        "entry_delete_job_data.lua",
        ("job_name", "aws_credentials_connection_name", "aws_region", "delete_model_artifacts")),
    "SME_SWEEP_SAGEMAKER_ENDPOINTS": LuaScript(
        "entry_sweep.lua", ("aws_credentials_connection_name", "aws_region", "delete_found")),
}


class LuaBundleError(ValueError):
    """The Lua sources cannot be bundled into a script the database would accept as written."""


def to_lua_literal(value: object) -> str:
    """A Lua constructor for numbers, strings, lists and string-keyed dicts (order kept)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        escaped = "".join(
            "\\" + char if char in '\\"' else char if " " <= char != "\x7f" else f"\\{ord(char):03d}"
            for char in value)
        return f'"{escaped}"'
    if isinstance(value, (list, tuple)):
        return "{" + ", ".join(to_lua_literal(item) for item in value) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{to_lua_literal(key)}] = {to_lua_literal(item)}"
                               for key, item in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as a Lua literal")


def _src_file(name: str) -> str:
    path = resources.files(LUA_PACKAGE) / "src" / name
    if not path.is_file():
        raise LuaBundleError(f"lua/src/{name} does not exist")
    return path.read_text(encoding="utf-8")


def _module_files() -> list[str]:
    return sorted(entry.name for entry in (resources.files(LUA_PACKAGE) / "src").iterdir()
                  if entry.name.endswith(".lua") and not entry.name.startswith("entry_"))


def render_rules_module() -> str:
    """The source of ``sme.rules``, rendered from ``names.lua_rules()``."""
    rules = names.lua_rules()
    variables = {key: to_lua_literal(value) for key, value in rules.items()}
    variables["OBJECTIVE_NAMES"] = to_lua_literal(list(rules["OBJECTIVES"]))
    return render_template(LUA_PACKAGE, _RENDERED_MODULES["rules"], **variables)


def render_error_codes_module() -> str:
    """The source of ``sme.error_codes``, rendered from the constants of ``error_codes.py``."""
    codes = sorted(((name, number) for name, number in vars(error_codes).items()
                    if name.isupper() and isinstance(number, int)), key=lambda item: item[1])
    return render_template(LUA_PACKAGE, _RENDERED_MODULES["error_codes"], codes=codes)


def render_runtime_module(python_path: Optional[str] = None) -> str:
    """The source of ``sme.runtime``: ``PYTHON_PATH`` is ``python_path`` as a Lua string, or nil."""
    literal = "nil" if python_path is None else to_lua_literal(python_path)
    return render_template(LUA_PACKAGE, _RENDERED_MODULES["runtime"], PYTHON_PATH=literal)


def module_sources(python_path: Optional[str] = None) -> dict[str, str]:
    """Every bundled module (``sme.<x>`` -> source), the rendered ones included, sorted by name."""
    sources = {}
    for file_name in _module_files():
        module = file_name[:-len(".lua")]
        if module in _RENDERED_MODULES:
            raise LuaBundleError(f"lua/src/{file_name} clashes with the rendered module sme.{module}")
        sources[module] = _src_file(file_name)
    sources["rules"] = render_rules_module()
    sources["error_codes"] = render_error_codes_module()
    sources["runtime"] = render_runtime_module(python_path)
    return {MODULE_PREFIX + name: sources[name] for name in sorted(sources)}


def _required_modules(entry_source: str, sources: dict[str, str]) -> list[str]:
    needed: set[str] = set()
    pending = [entry_source]
    while pending:
        for short_name in _REQUIRE_RE.findall(pending.pop()):
            module = MODULE_PREFIX + short_name
            if module not in sources:
                raise LuaBundleError(f"require(\"{module}\") names no file lua/src/{short_name}.lua")
            if module not in needed:
                needed.add(module)
                pending.append(sources[module])
    return sorted(needed)


def _check_no_slash_line(text: str, origin: str) -> None:
    match = _SLASH_LINE_RE.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise LuaBundleError(
            f"{origin} line {line} consists only of '/', which ends the statement in SQL clients; "
            "rewrite that line (for example join it with the line before)")


def _preload(module: str, source: str) -> str:
    _check_no_slash_line(source, f"module {module}")
    return f'package.preload["{module}"] = function(...)\n{source.rstrip()}\nend\n'


def bundle_lua_modules(modules: list[str] | None = None, python_path: Optional[str] = None) -> str:
    """The ``package.preload`` part of a bundle for the given modules (all when None)."""
    sources = module_sources(python_path)
    selected = sorted(sources) if modules is None else modules
    return "".join(_preload(module, sources[module]) for module in selected)


def bundle_lua_script(entry_file: str, python_path: Optional[str] = None) -> str:
    """One self-contained Lua script: the modules ``entry_file`` needs, then ``entry_file`` itself."""
    entry_source = _src_file(entry_file)
    _check_no_slash_line(entry_source, f"lua/src/{entry_file}")
    modules = _required_modules(entry_source, module_sources(python_path))
    header = f"-- Exasol SageMaker Extension: {entry_file} with its modules, bundled at deploy time.\n"
    return header + bundle_lua_modules(modules, python_path) + entry_source.rstrip() + "\n"


def build_lua_script_statement(schema: str, script_name: str, python_path: Optional[str] = None) -> str:
    """``CREATE OR REPLACE LUA SCRIPT "<schema>"."<script_name>"(...) RETURNS TABLE AS <bundle>``.

    ``schema`` is the raw schema name (quoted here). ``python_path`` is the package archive's directory
    that generated UDFs put on ``sys.path`` (None: no such line). No trailing ``/``: statements go
    one by one through pyexasol.
    """
    if script_name not in LUA_SCRIPTS:
        raise LuaBundleError(f"unknown Lua script {script_name!r}; known: {', '.join(LUA_SCRIPTS)}")
    script = LUA_SCRIPTS[script_name]
    return render_template(LUA_PACKAGE, "create_lua_script.sql.j2", schema=schema, script_name=script_name,
                           parameters=script.parameters,
                           bundle=bundle_lua_script(script.entry_file, python_path).rstrip("\n"))


def build_lua_script_statements(schema: str, python_path: Optional[str] = None) -> list[tuple[str, str]]:
    """``(script name, CREATE statement)`` for every Lua script: train, poll, deploy, delete."""
    return [(name, build_lua_script_statement(schema, name, python_path)) for name in LUA_SCRIPTS]
