"""Build steps of the SageMaker extension's script-language container, read by exaslct.

Two images: "dependencies" (template flavor + runtime requirements) and "release" (+ this package's
wheel). exaslct imports this file itself; nothing in the extension imports it.
"""
from exasol.slc.internal.tasks.build.docker_flavor_image_task import DockerFlavorAnalyzeImageTask


class AnalyzeDependencies(DockerFlavorAnalyzeImageTask):
    """Image with Exasol's Python 3 template and boto3."""

    def get_build_step(self) -> str:
        return "dependencies"

    def requires_tasks(self):
        return {}

    def get_path_in_flavor(self):
        return "flavor_base"


class AnalyzeRelease(DockerFlavorAnalyzeImageTask):
    """The dependencies image plus exasol_sagemaker_extension itself."""

    def get_build_step(self) -> str:
        return "release"

    def requires_tasks(self):
        return {"dependencies": AnalyzeDependencies}

    def get_path_in_flavor(self):
        return "flavor_base"
