"""Local batch transform jobs that really predict, for models the local Autopilot trained.

moto records ``create_transform_job`` as ``Completed`` at once and writes nothing. After ``install()``
(``service``; ``local/aws_standin.py`` calls it) a transform job of a model with local Autopilot images
is ``InProgress`` while a thread runs it (``runner``): it reads the input objects under the
``S3Prefix`` from the emulated S3, splits them into lines (``SplitType: Line``), applies
``DataProcessing`` as AWS documents it (``filters``: ``InputFilter`` on each CSV record, ``JoinSource:
Input`` appends the answer's fields to the input's, ``OutputFilter`` on the joined record), predicts
with the candidate's model honouring ``SAGEMAKER_INFERENCE_OUTPUT`` (``local.endpoints.serving``) and
writes ``<S3OutputPath>/<input file name>.out``, then moves the job to ``Completed``; or to ``Failed``
with a reason in AWS's words. A job is ``InProgress`` for at least ``SME_LOCAL_TRANSFORM_SECONDS``
(default 1 s), so a test can make a caller's wait run out. Other transform jobs keep moto's behaviour.
"""
from exasol_sagemaker_extension.local.transform.service import (MIN_SECONDS_VARIABLE, install, is_installed,
                                                                 wait_for_jobs)

__all__ = ["MIN_SECONDS_VARIABLE", "install", "is_installed", "wait_for_jobs"]
