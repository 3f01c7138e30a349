"""Publish the aggregated marts for BI tools and analysts.

    python -m jobcenter_warehouse.publish [--warehouse PATH] [--out-dir publish] [--threshold 5]

The warehouse that ``dbt build`` writes cannot be read by a BI tool while dbt runs, and it
holds person-level schemas. This step opens it read-only, checks that every table it reads
comes from one finished dbt run, and writes two artefacts (docs/publish.md):

* public, safe to share: ``<out-dir>/jobcenter_bi.duckdb`` and ``<out-dir>/parquet/current/``:
  the roll-ups of the delivered municipalities (per indicator, municipality and period: the
  total and one breakdown per dimension) after disclosure control, the code lists, the
  disclosure-controlled comparison table, ``publish_info`` and ``publish_information_loss``;
* internal, for the municipality's own analysts: ``<out-dir>/internal/jobcenter_internal.duckdb``:
  the same marts and the cells ``fct_indicator_values`` unsuppressed, and the semantic layer's
  tables (schema ``marts``, as in the warehouse).

Modules: ``load`` (reading the warehouse), ``consistency`` (the dbt run behind the marts),
``suppression`` (disclosure control in SQL), ``write`` (the two files and their checks),
``artefact`` (versioned files and atomic switches), ``build`` (the step), ``cli``,
``client`` (SQLAlchemy engines that see each new publish).
"""

from .build import PublishResult, publish, resolve_threshold
from .cli import main, parse_args
from .names import *  # noqa: F403 - the names of tables and files are part of the interface
from .sql import PublishError, primary_condition
from .suppression import (
    apply_complementary_suppression,
    apply_primary_suppression,
    disclosure_problems,
    information_loss,
    single_suppressions,
)
