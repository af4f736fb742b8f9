"""A local Exasol stand-in for development and tests: DuckDB behind Exasol's SQL and WebSocket API.

``build_database()`` makes a ``LocalDatabase`` with every available statement handler registered;
``LocalExasolServer`` (``ws_server``) serves it to pyexasol; ``sme-local start`` (``cli``) runs both.
The interface handlers code against is documented in ``engine``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exasol_sagemaker_extension.local.engine import LocalDatabase


def build_database(nproc: int = 2, users: dict[str, str] | None = None) -> LocalDatabase:
    """A fresh in-memory database with the scripting layer's statement handlers registered."""
    from exasol_sagemaker_extension.local.engine import LocalDatabase
    from exasol_sagemaker_extension.local.handlers import install_handlers

    db = LocalDatabase(nproc=nproc, users=users)
    install_handlers(db)
    return db
