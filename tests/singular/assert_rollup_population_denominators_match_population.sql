{#-
    Additivity of fct_indicator_rollups against an independent count (population
    denominators). For the indicators over a population count of ages 16-66 (I01, I13, S15:
    labour_force; I09: insured; S03, S07, S11 and the non-additive I22 and S02: population),
    the `total` row's denominator of every municipality and reported month equals the sum of
    that column in int_population__monthly over ages 16-66 (NULLs skipped). For I22 and S02
    this checks that the population is counted once per cell, not once per target group row.
    I22 and S02 have rows only where the numerator is above 0, so a municipality-month
    without any of their rows is not compared. Returns the municipality-months that differ by
    more than 1e-6.
-#}
{%- set indicator_denominators = {
    'I01': 'labour_force', 'I09': 'insured', 'I13': 'labour_force', 'S15': 'labour_force',
    'I22': 'population', 'S02': 'population', 'S03': 'population', 'S07': 'population',
    'S11': 'population',
} -%}

with rollups as (

    select * from {{ ref('fct_indicator_rollups') }}

),

population as (

    select * from {{ ref('int_population__monthly') }}

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

months as (

    select * from {{ ref('dim_month') }}

),

parameters as (

    select * from {{ ref('int_reporting__parameters') }}

),

population_by_age as (

    select
        month_start as period_start,
        municipality_code,
        sum(coalesce(population, 0)) as population,
        sum(coalesce(labour_force, 0)) as labour_force,
        sum(coalesce(insured, 0)) as insured
    from population
    where age between 16 and 66
    group by 1, 2

),

-- The population column each indicator divides by.
indicator_denominators as (
    {%- for indicator_id, denominator_column in indicator_denominators.items() %}

    select
        '{{ indicator_id }}' as indicator_id,
        '{{ denominator_column }}' as denominator_column
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}

),

-- "A month is reported once month end + L <= as-of", from reporting_start on.
reported_periods as (

    select
        indicators.indicator_id,
        months.month_start as period_start
    from indicators
    inner join indicator_denominators
        on indicators.indicator_id = indicator_denominators.indicator_id
    cross join months
    cross join parameters
    where
        months.month_start >= parameters.reporting_start
        and {{ dbt.dateadd('day', 'indicators.reporting_lag_days', 'months.month_end') }} <= parameters.as_of_date

),

expected as (

    select
        indicator_denominators.indicator_id,
        population_by_age.municipality_code,
        population_by_age.period_start,
        case indicator_denominators.denominator_column
            when 'labour_force' then population_by_age.labour_force
            when 'insured' then population_by_age.insured
            else population_by_age.population
        end as denominator
    from population_by_age
    inner join indicator_denominators
        on 1 = 1
    inner join reported_periods
        on
            indicator_denominators.indicator_id = reported_periods.indicator_id
            and population_by_age.period_start = reported_periods.period_start

),

actual as (

    select
        rollups.indicator_id,
        rollups.municipality_code,
        rollups.period_start,
        rollups.denominator,
        coalesce(indicators.denominator_additive_over_target_group, true) as denominator_is_additive
    from rollups
    inner join indicators
        on rollups.indicator_id = indicators.indicator_id
    where
        rollups.breakdown = 'total'
        and rollups.indicator_id in (select indicator_denominators.indicator_id from indicator_denominators)

),

-- I22 and S02 mark which municipality-months they have at all.
non_additive_indicators as (

    select indicator_id from indicators
    where not coalesce(denominator_additive_over_target_group, true)

)

select
    coalesce(actual.indicator_id, expected.indicator_id) as indicator_id,
    coalesce(actual.municipality_code, expected.municipality_code) as municipality_code,
    coalesce(actual.period_start, expected.period_start) as period_start,
    actual.denominator as rollup_denominator,
    expected.denominator as expected_denominator
from actual
full outer join expected
    on
        actual.indicator_id = expected.indicator_id
        and actual.municipality_code = expected.municipality_code
        and actual.period_start = expected.period_start
where
    abs(coalesce(actual.denominator, 0) - coalesce(expected.denominator, 0)) > 1e-6
    and not (
        actual.indicator_id is null
        and expected.indicator_id in (select non_additive_indicators.indicator_id from non_additive_indicators)
    )
