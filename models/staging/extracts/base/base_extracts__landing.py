"""The landing step inside `dbt build` on DuckDB (see jobcenter_warehouse.landing).

Lands the delivery (or reuses a complete landing of the same delivery, e.g. after
`make land`) so that plain `dbt build` works from the raw CSV files. One row per landed
extract; a structural error of the delivery stops the build here with its message.
"""

from jobcenter_warehouse.landing.dbt_model import landing_relation


def model(dbt, session):
    dbt.config(materialized="table")
    dbt.config.get("raw_data_path")
    dbt.config.get("landing_path")
    return landing_relation(dbt, session)
