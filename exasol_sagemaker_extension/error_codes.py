"""The registry of ``E-SME-<n>`` codes, shared by Python and Lua.

The Lua bundler renders this module into the Lua module ``sme.error_codes``, so Lua raises the same
numbers by the same names; ``tests/unit/test_error_codes.py`` checks that every code is raised somewhere
and documented in ``doc/user_guide.md``.
"""
from __future__ import annotations

# 1-29: input validation, the same rule gives the same code in Lua and Python
INVALID_JSON = 1
MISSING_PARAMETER = 2
WRONG_PARAMETER_TYPE = 3
INVALID_JOB_NAME = 4
INVALID_ENDPOINT_NAME = 5
INVALID_REGION = 6
INVALID_IDENTIFIER = 7
INVALID_PROBLEM_TYPE = 8
INVALID_OBJECTIVE = 9
INVALID_LIMIT = 10
INVALID_S3_BUCKET_URI = 11
INVALID_S3_OUTPUT_PATH = 12
INVALID_IAM_ROLE = 13
INVALID_INSTANCE = 14
UNKNOWN_PARAMETER = 15

# 30-49: database state seen by the Lua scripts
TABLE_NOT_FOUND = 30
TARGET_COLUMN_NOT_FOUND = 31
JOB_ALREADY_RECORDED = 32
JOB_NOT_IN_METADATA = 33
SCHEMA_NOT_FOUND = 34
EXPORT_FAILED = 35
METADATA_WRITE_FAILED = 36
PREDICTION_UDF_CREATION_FAILED = 37
UDF_CALL_FAILED = 38
RESERVED_OUTPUT_COLUMN = 39
NO_FEATURE_COLUMNS = 40
METADATA_READ_FAILED = 41

# 50-69: AWS, raised by the UDFs
CONNECTION_NOT_USABLE = 50
AWS_CALL_FAILED = 51
AWS_ACCESS_DENIED = 52
JOB_NOT_FOUND = 53
JOB_NOT_COMPLETED = 54
NO_BEST_CANDIDATE = 55
ENDPOINT_FAILED = 56
ENDPOINT_WAIT_TIMEOUT = 57
RESOURCE_ALREADY_EXISTS = 58
FOREIGN_TRAINING_FILES = 59
ROLE_NOT_RESOLVED = 60
JOB_FAILED = 61

# 70-89: prediction
ENDPOINT_NOT_FOUND = 70
INVOCATION_FAILED = 71
PREDICTION_COUNT_MISMATCH = 72
PREDICTION_NOT_PARSABLE = 73
ROW_TOO_LARGE = 74
INPUT_COLUMNS_MISMATCH = 75

# 90-99: deploy CLI
DATABASE_CONNECTION_FAILED = 90
STATEMENT_FAILED = 91
INVALID_OPTION = 92
BUCKETFS_UPLOAD_FAILED = 93
SCRIPT_LANGUAGE_CONFLICT = 94
SCRIPT_LANGUAGE_ACTIVATION_FAILED = 95
RUNTIME_ARCHIVE_FAILED = 96

# 100-119: candidates, leaderboard and insight tables
# 120-139: deployment choices (chosen candidate, serverless) and endpoints the extension did not create
# 140-159: job stop, state refresh, resource cleanup and sweep
# 160-179: batch transform
# 180-189: training from a query
