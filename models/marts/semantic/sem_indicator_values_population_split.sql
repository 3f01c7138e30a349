{#-
    One row per indicator, municipality, month, origin group, gender and age band (no target
    group) for the indicators whose denominator is a population cell repeated on every target
    group's row (dim_indicator.denominator_additive_over_target_group = false: I22 and S02).

    numerator    the indicator's numerator summed over its target groups (0 for a cell
                 without any benefit recipient);
    denominator  the population 16-66 of the cell, taken once.

    The marts keep only target groups with a numerator above 0, so a cell without any
    recipient has no row in I22 or S02 although its population belongs in every roll-up. The
    population of each cell is therefore taken from S03, whose denominator is the same
    population 16-66 (int_population__monthly, quarter containing the month, ages 16-66) and
    which keeps every cell with a population; a cell missing from S03 (population 0) keeps
    the denominator of its I22/S02 rows. The test
    assert_sem_population_split_matches_marts checks that no numerator is lost and that the
    denominators add up to the population 16-66 of every municipality and month.
-#}
{{ config(materialized='view') }}

with indicator_values as (

    select * from {{ ref('fct_indicator_values') }}

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

population_split_indicators as (

    select indicator_id
    from indicators
    where not denominator_additive_over_target_group

),

-- Numerators add up over target groups; the repeated population cell is taken once.
split_cells as (

    select
        indicator_values.indicator_id,
        indicator_values.municipality_code,
        indicator_values.period_start,
        indicator_values.origin_group,
        indicator_values.gender,
        indicator_values.age_band,
        sum(indicator_values.numerator) as numerator,
        max(indicator_values.denominator) as denominator
    from indicator_values
    inner join population_split_indicators
        on indicator_values.indicator_id = population_split_indicators.indicator_id
    group by 1, 2, 3, 4, 5, 6

),

-- Only the periods each indicator reports.
reported_periods as (

    select distinct
        indicator_id,
        period_start
    from split_cells

),

-- The population 16-66 of every cell, also of cells without any benefit recipient.
population_cells as (

    select
        reported_periods.indicator_id,
        indicator_values.municipality_code,
        indicator_values.period_start,
        indicator_values.origin_group,
        indicator_values.gender,
        indicator_values.age_band,
        indicator_values.denominator as population
    from indicator_values
    inner join reported_periods
        on indicator_values.period_start = reported_periods.period_start
    where indicator_values.indicator_id = 'S03'

)

select
    -- ids and dimensions
    coalesce(s.indicator_id, p.indicator_id) as indicator_id,
    coalesce(s.municipality_code, p.municipality_code) as municipality_code,
    coalesce(s.period_start, p.period_start) as period_start,
    coalesce(s.origin_group, p.origin_group) as origin_group,
    coalesce(s.gender, p.gender) as gender,
    coalesce(s.age_band, p.age_band) as age_band,
    -- measures
    coalesce(s.numerator, 0) as numerator,
    coalesce(p.population, s.denominator) as denominator,
    {{ safe_divide('coalesce(s.numerator, 0)', 'coalesce(p.population, s.denominator)') }} as value
from split_cells as s
full outer join population_cells as p
    on
        s.indicator_id = p.indicator_id
        and s.municipality_code = p.municipality_code
        and s.period_start = p.period_start
        and s.origin_group = p.origin_group
        and s.gender = p.gender
        and s.age_band = p.age_band
