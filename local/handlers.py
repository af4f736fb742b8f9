"""Registration of the scripting layer's statement handlers with a LocalDatabase."""
from __future__ import annotations

from exasol_sagemaker_extension.local.engine import LocalDatabase
from exasol_sagemaker_extension.local.lua_scripts import LuaScriptHandler
from exasol_sagemaker_extension.local.python_udfs import PythonUdfHandler
from exasol_sagemaker_extension.local.s3_export import S3ExportHandler
from exasol_sagemaker_extension.local.s3_import import S3ImportHandler


def install_handlers(db: LocalDatabase) -> None:
    """Register Lua scripting, Python UDFs, EXPORT to and IMPORT from S3 (in that order) with ``db``."""
    db.register_handler(LuaScriptHandler())
    db.register_handler(PythonUdfHandler())
    db.register_handler(S3ExportHandler())
    db.register_handler(S3ImportHandler())
