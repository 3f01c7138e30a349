{#-
    No CPR number past the landing step: no text column of any relation of the warehouse, nor
    of the landed sources, holds a CPR-shaped token (see the macro cpr_token_findings). Runs in
    every build after the last models (the depends_on lines name the models nothing else reads).
    A failure lists relation and column, never a value.
-#}
-- depends_on: {{ ref('dim_age_band') }}
-- depends_on: {{ ref('dim_origin_group') }}
-- depends_on: {{ ref('fct_indicator_rollups') }}
-- depends_on: {{ ref('metricflow_time_spine') }}
-- depends_on: {{ ref('sem_indicator_values') }}
-- depends_on: {{ ref('sem_indicator_values_population_split') }}
-- depends_on: {{ ref('sem_municipality') }}
-- depends_on: {{ ref('sem_target_group') }}
-- depends_on: {{ ref('stg_extracts__freshness') }}
-- depends_on: {{ ref('stg_extracts__reconciliation') }}
{%- set landed = [] %}
{%- for extract in extract_names() %}
{%- do landed.append(source('extracts', extract)) %}
{%- endfor %}
{%- do landed.append(source('landing', 'files')) %}
{{ cpr_token_findings(landed) }}
