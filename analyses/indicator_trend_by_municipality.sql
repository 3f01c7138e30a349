{#-
    Monthly trend of one indicator for one municipality: one row per period with the value
    rolled up over every cell (numerators and denominators summed, value recomputed; the
    macro indicator_rollup takes the population of I22 and S02, whose denominator is not
    additive over target group, once per cell from S03; the same rows are the `total` rows
    of fct_indicator_rollups), the value a year earlier and the change in percentage points
    (for shares and rates; for counts and mean days the difference in the indicator's own
    unit).

    Vars: trend_indicator (default 'I01'), trend_municipality (default '151').
    Run: dbt compile -s indicator_trend_by_municipality --vars '{trend_indicator: S15}', then
    run the compiled SQL.
-#}
{%- set indicator_id = var('trend_indicator', 'I01') -%}
{%- set municipality_code = var('trend_municipality', '151') -%}

with indicator_values as (

    select * from {{ ref('fct_indicator_values') }}
    where
        indicator_id = '{{ indicator_id }}'
        and municipality_code = '{{ municipality_code }}'

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

monthly as (
    {{ indicator_rollup('indicator_values', ['indicator_id', 'municipality_code', 'period_start']) }}
),

with_previous_year as (

    select
        monthly.*,
        previous_year.value as value_year_before
    from monthly
    left join monthly as previous_year
        on
            monthly.indicator_id = previous_year.indicator_id
            and monthly.municipality_code = previous_year.municipality_code
            and previous_year.period_start = {{ dbt.dateadd('year', -1, 'monthly.period_start') }}

)

select
    with_previous_year.indicator_id,
    indicators.name_da,
    indicators.unit,
    indicators.direction,
    with_previous_year.municipality_code,
    with_previous_year.period_start,
    with_previous_year.numerator,
    with_previous_year.denominator,
    with_previous_year.value,
    with_previous_year.value_year_before,
    case
        when indicators.unit in ('share', 'rate', 'change')
            then 100 * (with_previous_year.value - with_previous_year.value_year_before)
        else with_previous_year.value - with_previous_year.value_year_before
    end as change_vs_year_before
from with_previous_year
inner join indicators
    on with_previous_year.indicator_id = indicators.indicator_id
order by with_previous_year.period_start
