"""The leaderboard and insight tables on the local runtime: train with the local Autopilot, poll until
Completed (the poll fills the tables), then read them with SQL and refill them on demand."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension.local import demo
from exasol_sagemaker_extension.local.runtime import LocalRuntime
from exasol_sagemaker_extension.names import quote_identifier, quote_literal

SME = quote_identifier(demo.SME_SCHEMA)


@pytest.fixture(scope="module")
def trained():
    """A binary classification job trained to its end and polled until Completed: (runtime, session)."""
    with LocalRuntime() as runtime:
        lines: list[str] = []
        setup = demo.Demo(runtime, say=lines.append)
        setup.install()
        setup.connection = runtime.connect()
        setup.create_aws_connection()
        setup.connection.close()
        session = demo.Demo(runtime, dataset=demo.breast_cancer(), say=lines.append, prepare=False)
        session.connection = runtime.connect()
        try:
            session.load_tables()
            session.train()
            assert session.poll() == "Completed", "\n".join(lines)
            yield runtime, session
        finally:
            session.connection.close()


def rows(session, sql):
    return session.connection.execute(sql).fetchall()


def table_rows(session, table, columns, order="1"):
    return rows(session, f"SELECT {columns} FROM {SME}.{quote_identifier(table)} "
                         f"WHERE JOB_NAME = {quote_literal(session.job_name)} ORDER BY {order}")


def test_the_completed_poll_filled_the_leaderboard_ranked_by_the_objective(trained):
    _, session = trained
    board = table_rows(session, "SME_METADATA_AUTOPILOT_CANDIDATES",
                       "CANDIDATE_RANK, CANDIDATE_NAME, IS_BEST_CANDIDATE, OBJECTIVE_METRIC_NAME, "
                       "OBJECTIVE_METRIC_DIRECTION, OBJECTIVE_METRIC_VALUE, CANDIDATE_STATUS, ALGORITHM",
                       "CANDIDATE_RANK")
    assert len(board) == 4  # the demo trains with max_candidates 4
    assert [int(row[0]) for row in board] == [1, 2, 3, 4]
    assert {(row[3], row[4], row[6]) for row in board} == {("F1", "Maximize", "Completed")}
    values = [row[5] for row in board]
    assert values == sorted(values, reverse=True)
    assert [row[2] for row in board].count(True) == 1 and board[0][2] is True
    assert all(row[7] for row in board)


def test_the_best_flag_names_the_candidate_aws_calls_best(trained):
    _, session = trained
    described = demo.aws_client("sagemaker").describe_auto_ml_job_v2(AutoMLJobName=session.job_name)
    best = rows(session, f"SELECT CANDIDATE_NAME FROM {SME}.SME_METADATA_AUTOPILOT_CANDIDATES WHERE JOB_NAME = "
                         f"{quote_literal(session.job_name)} AND IS_BEST_CANDIDATE")
    assert best == [(described["BestCandidate"]["CandidateName"],)]


def test_every_candidate_has_its_metrics_in_long_form(trained):
    _, session = trained
    metrics = table_rows(session, "SME_METADATA_AUTOPILOT_CANDIDATE_METRICS",
                         "CANDIDATE_NAME, DATA_SET, STANDARD_METRIC_NAME, METRIC_VALUE")
    assert len({row[0] for row in metrics}) == 4
    assert {row[1] for row in metrics} == {"Train", "Validation"}
    assert {"F1", "AUC", "Accuracy"} <= {row[2] for row in metrics}


def test_feature_importances_cover_the_feature_columns(trained):
    _, session = trained
    importances = table_rows(session, "SME_METADATA_AUTOPILOT_FEATURE_IMPORTANCE",
                             "FEATURE_NAME, IMPORTANCE, IMPORTANCE_RANK, LABEL, CANDIDATE_NAME", "IMPORTANCE_RANK")
    assert {row[0] for row in importances} == set(session.dataset.features)
    assert [int(row[2]) for row in importances] == list(range(1, len(importances) + 1))
    assert importances[0][1] > 0 and {row[3] for row in importances} == {"label0"}


def test_model_quality_metrics_of_the_best_candidate_are_present(trained):
    _, session = trained
    quality = table_rows(session, "SME_METADATA_AUTOPILOT_MODEL_QUALITY", "METRIC_GROUP, METRIC_NAME, METRIC_VALUE")
    assert {row[0] for row in quality} == {"binary_classification_metrics"}
    assert {"f1", "auc", "accuracy", "precision", "recall"} <= {row[1] for row in quality}
    assert all(0 <= row[2] <= 1 for row in quality)


def test_the_on_demand_script_refills_and_returns_the_leaderboard(trained):
    _, session = trained
    before = table_rows(session, "SME_METADATA_AUTOPILOT_CANDIDATES",
                        "CANDIDATE_RANK, CANDIDATE_NAME, IS_BEST_CANDIDATE", "CANDIDATE_RANK")
    returned = rows(session, f"EXECUTE SCRIPT {SME}.SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES("
                             f"{quote_literal(session.job_name)}, {quote_literal(demo.CONNECTION)}, "
                             f"{quote_literal(demo.REGION)})")
    assert [(int(r[0]), r[1], r[2]) for r in returned] == [(int(r[0]), r[1], r[2]) for r in before]
    assert len(table_rows(session, "SME_METADATA_AUTOPILOT_CANDIDATES", "CANDIDATE_NAME")) == 4


def test_polling_again_does_not_refill(trained):
    _, session = trained
    loaded = table_rows(session, "SME_METADATA_AUTOPILOT_CANDIDATES", "DISTINCT LOADED_AT")
    session.poll()
    assert table_rows(session, "SME_METADATA_AUTOPILOT_CANDIDATES", "DISTINCT LOADED_AT") == loaded
