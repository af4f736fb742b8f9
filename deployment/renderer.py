"""Renders the SQL and Lua templates shipped as package data (jinja2, StrictUndefined)."""
from __future__ import annotations

from typing import Any

import jinja2

from exasol_sagemaker_extension.names import quote_identifier

_ENVIRONMENTS: dict[str, jinja2.Environment] = {}


def _environment(package: str) -> jinja2.Environment:
    if package not in _ENVIRONMENTS:
        environment = jinja2.Environment(
            loader=jinja2.PackageLoader(package, "templates"),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            autoescape=False,
        )
        environment.filters["quote_identifier"] = quote_identifier
        _ENVIRONMENTS[package] = environment
    return _ENVIRONMENTS[package]


def render_template(package: str, template_name: str, **variables: Any) -> str:
    """Render ``templates/<template_name>`` of ``package`` with exactly the given variables.

    A variable the template uses but the caller did not give raises ``jinja2.UndefinedError``.
    """
    return _environment(package).get_template(template_name).render(**variables)
