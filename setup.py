"""Packaging of the Exasol SageMaker Extension.

The repository keeps the in-database parts in top-level folders (``deployment/``, ``udfs/``, ``lua/``);
``package_dir`` maps them into the ``exasol_sagemaker_extension`` namespace, so
``python -m exasol_sagemaker_extension.deployment.deploy_cli`` works from an install and from a checkout
installed with ``pip install -e .``.
"""
import runpy

from setuptools import setup

# what the UDFs need inside the database: one list, shared with the runtime packaging tools
RUNTIME_REQUIREMENTS = runpy.run_path("exasol_sagemaker_extension/runtime_requirements.py")[
    "RUNTIME_REQUIREMENTS"]

DEPLOYMENT_REQUIREMENTS = [
    "click>=8.1,<9",
    "jinja2>=3.1,<4",
    "pyexasol>=0.25,<3",
    "exasol-python-extension-common>=1.0,<2",
    "exasol-bucketfs>=1.0,<3",
]

LOCAL_REQUIREMENTS = [
    # the local Exasol stand-in (exasol_sagemaker_extension.local)
    "duckdb>=1.1,<3",
    "sqlglot>=26,<31",
    "websockets>=13,<18",
    "cryptography>=42",
    "lupa>=2.2,<3",
    "moto[server]>=5.1,<6",
    "scikit-learn>=1.3,<2",  # the local Autopilot stand-in trains with it
]

TEST_REQUIREMENTS = LOCAL_REQUIREMENTS + [
    "pytest>=8,<10",
    "hypothesis>=6.100,<7",
    "lupa>=2.2,<3",
    "moto[server]>=5.1,<6",
    "exasol-udf-mock-python>=0.5,<0.6",
    "pandas>=2,<3",
]

setup(
    name="exasol-sagemaker-extension",
    version="1.0.0.dev0",
    description="Train, deploy and predict with Amazon SageMaker Autopilot from Exasol SQL",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.10",
    packages=[
        "exasol_sagemaker_extension",
        "exasol_sagemaker_extension.deployment",
        "exasol_sagemaker_extension.udfs",
        "exasol_sagemaker_extension.lua",
        "exasol_sagemaker_extension.local",
        "exasol_sagemaker_extension.local.autopilot",
        "exasol_sagemaker_extension.local.endpoints",
        "exasol_sagemaker_extension.local.transform",
    ],
    package_dir={
        "exasol_sagemaker_extension": "exasol_sagemaker_extension",
        "exasol_sagemaker_extension.deployment": "deployment",
        "exasol_sagemaker_extension.udfs": "udfs",
        "exasol_sagemaker_extension.lua": "lua",
        "exasol_sagemaker_extension.local": "local",
    },
    package_data={
        "exasol_sagemaker_extension.deployment": [
            "templates/*.j2",
            # the script-language container flavor (deployment/slc_builder.py)
            "slc_flavor/flavor_base/build_steps.py",
            "slc_flavor/flavor_base/language_definition",
            "slc_flavor/flavor_base/*/Dockerfile",
        ],
        "exasol_sagemaker_extension.udfs": ["templates/*.j2"],
        "exasol_sagemaker_extension.lua": ["src/*.lua", "templates/*.j2"],
    },
    include_package_data=True,
    install_requires=RUNTIME_REQUIREMENTS + DEPLOYMENT_REQUIREMENTS,
    extras_require={"local": LOCAL_REQUIREMENTS, "test": TEST_REQUIREMENTS},
    entry_points={
        "console_scripts": [
            "sme-deploy=exasol_sagemaker_extension.deployment.deploy_cli:main",
            "sme-local=exasol_sagemaker_extension.local.cli:main",
        ],
    },
)
