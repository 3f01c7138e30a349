{#-
    Building blocks of the additivity tests (tests/singular/assert_rollup_*): each test
    recomputes a total independently of the marts and compares it with fct_indicator_rollups.
-#}

{#- The population S of each indicator as (indicator_id, target_group) rows. `indicator_sets`
    is a list of {'indicator_id', 'set_name' (of target_group_sets.csv) or 'target_group'}.
    Expects a CTE `target_group_sets`. -#}
{% macro indicator_target_groups(indicator_sets) -%}
    {%- for indicator in indicator_sets %}
    {%- if indicator.set_name %}
    select
        '{{ indicator.indicator_id }}' as indicator_id,
        target_group_sets.target_group
    from target_group_sets
    where target_group_sets.set_name = '{{ indicator.set_name }}'
    {%- else %}
    select
        '{{ indicator.indicator_id }}' as indicator_id,
        '{{ indicator.target_group }}' as target_group
    {%- endif %}
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- "A month is reported once month end + L <= as-of", from reporting_start on: the reported
    (indicator_id, period_start) of the indicators in `indicator_ids_sql` (a subquery), with
    L the catalog's reporting_lag_days. Expects CTEs `indicators` (dim_indicator), `months`
    (dim_month) and `parameters` (int_reporting__parameters). -#}
{% macro reported_periods_by_indicator(indicator_ids_sql) -%}
    select
        indicators.indicator_id,
        months.month_start as period_start
    from indicators
    cross join months
    cross join parameters
    where
        indicators.indicator_id in ({{ indicator_ids_sql }})
        and months.month_start >= parameters.reporting_start
        and {{ dbt.dateadd('day', 'indicators.reporting_lag_days', 'months.month_end') }} <= parameters.as_of_date
{%- endmacro %}
