{#-
    Goal check for one municipality: for every indicator with a direction (`higher` or
    `lower` is better), its value in the latest period it reports, rolled up over every cell,
    against the catalog's numeric target (target_value). target_met is true when the value is
    at or above the target (direction `higher`) or at or below it (`lower`), NULL when the
    catalog states no numeric target (goals relative to the national level are in
    target_text; the comparison layer checks those). gap_pp is the distance to the target in
    percentage points, positive when the target is met. Indicators whose target is met come
    first, then those missed, then those without a numeric target.

    Vars: targets_municipality (default '151').
    Run: dbt compile -s top_targets_met, then run the compiled SQL.
-#}
{%- set municipality_code = var('targets_municipality', '151') -%}

with indicator_values as (

    select * from {{ ref('fct_indicator_values') }}
    where municipality_code = '{{ municipality_code }}'

),

indicators as (

    select * from {{ ref('dim_indicator') }}
    where direction in ('higher', 'lower')

),

by_period as (
    {{ indicator_rollup('indicator_values', ['indicator_id', 'municipality_code', 'period_start']) }}
),

latest_period as (

    select
        indicator_id,
        max(period_start) as period_start
    from by_period
    group by indicator_id

),

latest as (

    select by_period.*
    from by_period
    inner join latest_period
        on
            by_period.indicator_id = latest_period.indicator_id
            and by_period.period_start = latest_period.period_start

),

checked as (

    select
        indicators.focus_area_sort_order,
        indicators.indicator_id,
        indicators.name_da,
        indicators.direction,
        latest.municipality_code,
        latest.period_start as latest_period,
        latest.value,
        indicators.target_value,
        indicators.target_text,
        case
            when indicators.target_value is null or latest.value is null then null
            when indicators.direction = 'higher' then latest.value >= indicators.target_value
            else latest.value <= indicators.target_value
        end as target_met,
        100 * case
            when indicators.direction = 'higher' then latest.value - indicators.target_value
            else indicators.target_value - latest.value
        end as gap_pp
    from indicators
    inner join latest
        on indicators.indicator_id = latest.indicator_id

)

select
    indicator_id,
    name_da,
    direction,
    municipality_code,
    latest_period,
    value,
    target_value,
    target_met,
    gap_pp,
    target_text
from checked
order by
    case when target_met then 0 when not target_met then 1 else 2 end,
    focus_area_sort_order,
    indicator_id
