"""The plug-in module ``build_database()`` looks for: registers the scripting layer's handlers."""
from __future__ import annotations

from exasol_sagemaker_extension.local.handlers import install_handlers as register_handlers

__all__ = ["register_handlers"]
