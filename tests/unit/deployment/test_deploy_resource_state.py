"""The state table and the SME_AWS_RESOURCES view in the deploy statements."""
from exasol_sagemaker_extension.deployment.statements import build_deploy_statements


def descriptions(schema="SME"):
    return [statement.description for statement in build_deploy_statements(schema)]


def test_the_view_comes_after_every_table_and_added_column():
    names = descriptions()
    view = names.index("view SME_AWS_RESOURCES")
    assert all(index < view for index, name in enumerate(names)
               if name.startswith(("metadata table ", "column ")))


def test_the_view_is_replaced_on_every_deployment_and_the_state_table_kept():
    statements = {s.description: s.sql for s in build_deploy_statements("SME")}
    assert statements["view SME_AWS_RESOURCES"].startswith('CREATE OR REPLACE VIEW "SME"."SME_AWS_RESOURCES" AS\n')
    assert statements["metadata table SME_METADATA_AWS_RESOURCE_STATE"].startswith(
        'CREATE TABLE IF NOT EXISTS "SME"."SME_METADATA_AWS_RESOURCE_STATE" (')


def test_the_view_reads_only_tables_of_its_own_schema_quoted():
    view = {s.description: s.sql for s in build_deploy_statements('My "Schema"')}["view SME_AWS_RESOURCES"]
    assert view.count('"My ""Schema"""."SME_METADATA_AUTOPILOT_JOBS"') == 1
    assert view.count('"My ""Schema"""."SME_METADATA_AUTOPILOT_ENDPOINTS"') == 1
    assert view.count('"My ""Schema"""."SME_METADATA_AWS_RESOURCE_STATE"') == 2


def test_the_view_and_the_table_are_no_scripts():
    flags = {s.description: s.is_script for s in build_deploy_statements("SME")}
    assert flags["view SME_AWS_RESOURCES"] is False
    assert flags["metadata table SME_METADATA_AWS_RESOURCE_STATE"] is False
