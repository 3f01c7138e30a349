{#-
    One row per compared indicator, reported period and delivered municipality whose cells
    split by origin: the parity values. "The municipality's value over ikke_vestlig cells
    (nonwestern_value) and its value over dansk + vestlig cells (others_value), both as sums
    of numerators over sums of denominators", from the origin_group rows of
    fct_indicator_rollups (for I22 the denominator is the population 16-66 of those origin
    groups, counted once, as in the municipality's total), the sums rounded to 6 decimals
    (stable_measure). NULL when the denominator is 0 or
    the indicator does not split by origin (no origin rows).
-#}
with municipality_values as (

    select * from {{ ref('int_comparison__municipality_values') }}

),

rollups as (

    select * from {{ ref('fct_indicator_rollups') }}

),

origin_sums as (

    select
        indicator_id,
        municipality_code,
        period_start,
        sum(case when origin_group = 'ikke_vestlig' then numerator else 0 end) as nonwestern_numerator,
        sum(case when origin_group = 'ikke_vestlig' then denominator else 0 end) as nonwestern_denominator,
        sum(case when origin_group in ('dansk', 'vestlig') then numerator else 0 end) as others_numerator,
        sum(case when origin_group in ('dansk', 'vestlig') then denominator else 0 end) as others_denominator
    from rollups
    where breakdown = 'origin_group'
    group by indicator_id, municipality_code, period_start

)

select
    municipality_values.indicator_id,
    municipality_values.period_start,
    municipality_values.municipality_code,
    {{ stable_measure('origin_sums.nonwestern_numerator') }} as nonwestern_numerator,
    {{ stable_measure('origin_sums.nonwestern_denominator') }} as nonwestern_denominator,
    {{ safe_divide(stable_measure('origin_sums.nonwestern_numerator'), stable_measure('origin_sums.nonwestern_denominator')) }}
        as nonwestern_value,
    {{ stable_measure('origin_sums.others_numerator') }} as others_numerator,
    {{ stable_measure('origin_sums.others_denominator') }} as others_denominator,
    {{ safe_divide(stable_measure('origin_sums.others_numerator'), stable_measure('origin_sums.others_denominator')) }}
        as others_value
from municipality_values
inner join origin_sums
    on
        municipality_values.indicator_id = origin_sums.indicator_id
        and municipality_values.period_start = origin_sums.period_start
        and municipality_values.municipality_code = origin_sums.municipality_code
where municipality_values.is_delivered
