{#-
    One row per indicator, municipality, month (or year), origin group, gender, age band and
    target group: the rows of fct_indicator_values of every indicator whose numerator and
    denominator are additive over every dimension (dim_indicator's
    denominator_additive_over_target_group is not false; the count indicators X01 and X02,
    whose flag is NULL, are included). A thin view that carries the semantic model of the
    additive indicators; I22 and S02 are in sem_indicator_values_population_split.
-#}
{{ config(materialized='view') }}

with indicator_values as (

    select * from {{ ref('fct_indicator_values') }}

),

indicators as (

    select * from {{ ref('dim_indicator') }}

)

select
    -- ids and dimensions
    indicator_values.indicator_id,
    indicator_values.municipality_code,
    indicator_values.period_start,
    indicator_values.origin_group,
    indicator_values.gender,
    indicator_values.age_band,
    indicator_values.target_group,
    -- measures
    indicator_values.numerator,
    indicator_values.denominator,
    indicator_values.value
from indicator_values
inner join indicators
    on indicator_values.indicator_id = indicators.indicator_id
-- A denominator that repeats a population cell on every target group's row cannot be summed.
where coalesce(indicators.denominator_additive_over_target_group, true)
