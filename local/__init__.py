"""A local Exasol stand-in for development and tests: DuckDB behind Exasol's SQL and WebSocket API.

``build_database()`` makes a ``LocalDatabase`` with every available statement handler registered;
``LocalExasolServer`` (``ws_server``) serves it to pyexasol; ``sme-local start`` (``cli``) runs both.
The interface handlers code against is documented in ``engine``.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exasol_sagemaker_extension.local.engine import LocalDatabase

# Modules that plug statement handlers into the engine, each through ``register_handlers(db)``;
# a module that is not installed is skipped. Order matters: earlier handlers are tried first.
HANDLER_MODULES = ("exasol_sagemaker_extension.local.scripting",)


def build_database(nproc: int = 2, users: dict[str, str] | None = None) -> LocalDatabase:
    """A fresh in-memory database with the handlers of every available plug-in module registered."""
    from exasol_sagemaker_extension.local.engine import LocalDatabase

    db = LocalDatabase(nproc=nproc, users=users)
    for module_name in HANDLER_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.register_handlers(db)
    return db
