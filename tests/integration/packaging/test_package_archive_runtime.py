"""The package archive as the database would use it: unpacked, on sys.path of a clean Python, nothing else."""
from __future__ import annotations

import json
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

import pytest
from moto.server import ThreadedMotoServer

from exasol_sagemaker_extension.deployment.package_archive import BOTOCORE_SERVICES, MANIFEST_NAME

from .conftest import run_clean

# The UDF modules: the prediction UDFs read their input as DataFrames (pandas comes with Exasol's
# built-in Python); every other one imports from the archive alone.
PREDICTION_UDFS = ["prediction_udf", "endpoint_prediction_udf"]
FIXED_UDFS = sorted(path.stem for path in (Path(__file__).resolve().parents[3] / "udfs").glob("*.py")
                    if path.stem not in ("__init__", *PREDICTION_UDFS))
AWS_SDK = ["boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six"]

# prints which loaded modules come from outside the standard library and the given directories
REPORT_FOREIGN_MODULES = """
import sysconfig
allowed = [sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"], *sys.path[:{count}]]
foreign = sorted(name for name, module in list(sys.modules.items())
                 if getattr(module, "__file__", None) and not any(module.__file__.startswith(a) for a in allowed))
"""

CLIENT_FACTORY = """
from exasol_sagemaker_extension.aws_session import AwsCredentials, build_client
credentials = AwsCredentials("AKIDEXAMPLE", "not-a-secret")
clients = {{service: build_client(service, credentials, "eu-central-1") for service in {services!r}}}
"""


def test_archive_holds_our_package_and_the_aws_sdk(pruned_archive):
    top_level = {path.name for path in pruned_archive.directory.iterdir()}
    assert {"exasol_sagemaker_extension", "boto3", "botocore", "s3transfer", "jmespath", "dateutil",
            "urllib3", "six.py"} <= top_level
    assert {"boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3"} <= {
        entry.split()[0] for entry in pruned_archive.info.distributions}
    assert (pruned_archive.directory / "exasol_sagemaker_extension" / "udfs" / "training_udf.py").is_file()


def test_archive_keeps_the_installed_layout_without_installer_parts(pruned_archive):
    package = pruned_archive.directory / "exasol_sagemaker_extension"
    assert {"deployment", "lua", "local"} & {p.name for p in package.iterdir()} == set()


def test_archive_holds_no_binary_or_test_file_and_bytecode_only_for_this_python(pruned_archive):
    with tarfile.open(pruned_archive.info.path) as tar:
        names = tar.getnames()
    assert [n for n in names if n.endswith((".so", ".pyd", ".dylib")) or "/tests/" in n] == []
    tag = sys.implementation.cache_tag
    assert [n for n in names if n.endswith(".pyc")
            and (Path(n).parent.name != "__pycache__" or not n.endswith(f".{tag}.pyc"))] == []
    assert f"botocore/__pycache__/client.{tag}.pyc" in names


def test_the_archives_bytecode_is_used_without_reading_the_sources(pruned_archive, tmp_path):
    copy = tmp_path / "unpacked"
    shutil.copytree(pruned_archive.directory, copy)
    (copy / "botocore" / "client.py").write_text("raise ImportError('the source was read')\n")
    report = run_clean("import botocore.client\nprint(json.dumps(hasattr(botocore.client, 'BaseClient')))",
                       [copy], env={"PYTHONDONTWRITEBYTECODE": "1"})
    assert report is True


def test_archive_manifest_lists_the_distributions(pruned_archive):
    manifest = json.loads((pruned_archive.directory / MANIFEST_NAME).read_text())
    assert manifest["distributions"] == list(pruned_archive.info.distributions)
    assert manifest["botocore_services"] == list(BOTOCORE_SERVICES)


def test_pruning_botocore_makes_the_archive_several_times_smaller(pruned_archive, full_archive):
    assert pruned_archive.info.size_bytes < 4 * 2**20
    assert pruned_archive.info.size_bytes * 4 < full_archive.info.size_bytes


def test_clean_interpreter_cannot_import_boto3_without_the_archive(tmp_path):
    report = run_clean("import importlib.util\nprint(json.dumps(importlib.util.find_spec('boto3') is None))", [])
    assert report is True


@pytest.mark.parametrize("udf", FIXED_UDFS)
def test_clean_interpreter_imports_the_fixed_udf_from_the_archive_alone(pruned_archive, udf):
    code = (f"import exasol_sagemaker_extension.udfs.{udf} as m\n" + REPORT_FOREIGN_MODULES.format(count=1)
            + "print(json.dumps({'file': m.__file__, 'foreign': foreign}))")
    report = run_clean(code, [pruned_archive.directory])
    assert report["file"].startswith(str(pruned_archive.directory))
    assert report["foreign"] == []


@pytest.mark.parametrize("udf", PREDICTION_UDFS)
def test_prediction_udf_imports_with_the_builtin_pythons_pandas_and_the_archive(pruned_archive,
                                                                                  builtin_python_standin, udf):
    code = (f"import exasol_sagemaker_extension.udfs.{udf}, botocore, pandas\n"
            + REPORT_FOREIGN_MODULES.format(count=2)
            + "print(json.dumps({'botocore': botocore.__file__, 'pandas': pandas.__file__, 'foreign': foreign}))")
    report = run_clean(code, [pruned_archive.directory, builtin_python_standin])
    assert report["botocore"].startswith(str(pruned_archive.directory))
    assert report["pandas"].startswith(str(builtin_python_standin))
    assert report["foreign"] == []


@pytest.mark.parametrize("archive_fixture", ["pruned_archive", "full_archive"])
def test_botocore_from_the_archive_makes_the_four_clients(request, archive_fixture):
    archive = request.getfixturevalue(archive_fixture)
    code = (CLIENT_FACTORY.format(services=list(BOTOCORE_SERVICES))
            + "import botocore\nprint(json.dumps({'botocore': botocore.__file__, "
              "'endpoints': {s: c.meta.endpoint_url for s, c in clients.items()}}))")
    report = run_clean(code, [archive.directory])
    assert report["botocore"].startswith(str(archive.directory))
    assert report["endpoints"] == {
        "sagemaker": "https://api.sagemaker.eu-central-1.amazonaws.com",
        "sagemaker-runtime": "https://runtime.sagemaker.eu-central-1.amazonaws.com",
        "s3": "https://s3.eu-central-1.amazonaws.com",
        "sts": "https://sts.eu-central-1.amazonaws.com",
    }


@pytest.fixture
def moto_url():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    # the server shares moto's backends with this process: start from none of the other tests' resources
    urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST"), timeout=10).close()
    yield url
    server.stop()


def test_pruned_botocore_calls_the_services_the_udfs_use(pruned_archive, moto_url):
    code = CLIENT_FACTORY.format(services=list(BOTOCORE_SERVICES)) + """
sm, s3, sts, runtime = (clients[s] for s in ("sagemaker", "s3", "sts", "sagemaker-runtime"))
s3.create_bucket(Bucket="sme-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
answer = runtime.invoke_endpoint(EndpointName="ep", Body=b"1,2", ContentType="text/csv")
print(json.dumps({
    "jobs": sm.list_auto_ml_jobs()["AutoMLJobSummaries"],
    "paginated": [page["AutoMLJobSummaries"] for page in sm.get_paginator("list_auto_ml_jobs").paginate()],
    "waiter": sm.get_waiter("endpoint_in_service").name,
    "objects": s3.list_objects_v2(Bucket="sme-bucket", Prefix="x/").get("KeyCount"),
    "account": sts.get_caller_identity()["Account"],
    "body": answer["Body"].read().decode(),
}))
"""
    report = run_clean(code, [pruned_archive.directory], env={"AWS_ENDPOINT_URL": moto_url})
    assert report == {"jobs": [], "paginated": [[]], "waiter": "EndpointInService", "objects": 0,
                      "account": "123456789012", "body": "body"}
