"""Landed text of the `eud_applications` extract (see jobcenter_warehouse.landing)."""

from jobcenter_warehouse.landing import landed_relation


def model(dbt, session):
    dbt.config(materialized="table")
    dbt.config.get("raw_data_path")
    dbt.config.get("landing_path")
    return landed_relation(session, dbt, "eud_applications")
