{#-
    fct_indicator_rollups takes the population of I22 and S02 (population 16-66, repeated on
    every target group row) once per cell from S03, whose denominator is the same population
    16-66 per municipality, month, origin group, gender and age band. This holds only while
    the three marts agree: every I22 and S02 row's denominator equals S03's denominator in
    the same cell (0 where S03 has no row, i.e. no population and no S03 recipient). Returns
    the I22 and S02 rows that differ.
-#}
with indicator_values as (

    select * from {{ ref('fct_indicator_values') }}

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

non_additive as (

    select indicator_values.*
    from indicator_values
    inner join indicators
        on indicator_values.indicator_id = indicators.indicator_id
    where not coalesce(indicators.denominator_additive_over_target_group, true)

),

s03 as (

    select * from indicator_values
    where indicator_id = 'S03'

)

select
    non_additive.indicator_id,
    non_additive.municipality_code,
    non_additive.period_start,
    non_additive.origin_group,
    non_additive.gender,
    non_additive.age_band,
    non_additive.target_group,
    non_additive.denominator,
    s03.denominator as s03_denominator
from non_additive
left join s03
    on
        non_additive.municipality_code = s03.municipality_code
        and non_additive.period_start = s03.period_start
        and non_additive.origin_group = s03.origin_group
        and non_additive.gender = s03.gender
        and non_additive.age_band = s03.age_band
where abs(non_additive.denominator - coalesce(s03.denominator, 0)) > 1e-9
