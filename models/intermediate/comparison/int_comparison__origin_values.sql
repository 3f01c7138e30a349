{#-
    One row per compared indicator, reported period and delivered municipality whose cells
    split by origin: the parity values. "The municipality's value over ikke_vestlig cells
    (nonwestern_value) and its value over dansk + vestlig cells (others_value), both as sums
    of numerators over sums of denominators", from int_comparison__municipality_sums (for I22
    the denominator is the population 16-66 of those origin groups, counted once, as in the
    municipality's total). NULL when the denominator is 0; no row when the indicator does not
    split by origin (every cell `i_alt`).
-#}
with municipality_values as (

    select * from {{ ref('int_comparison__municipality_values') }}

),

municipality_sums as (

    select * from {{ ref('int_comparison__municipality_sums') }}

)

select
    municipality_values.indicator_id,
    municipality_values.period_start,
    municipality_values.municipality_code,
    cast(municipality_sums.nonwestern_numerator as {{ type_double() }}) as nonwestern_numerator,
    cast(municipality_sums.nonwestern_denominator as {{ type_double() }}) as nonwestern_denominator,
    {{ safe_divide('municipality_sums.nonwestern_numerator', 'municipality_sums.nonwestern_denominator') }}
        as nonwestern_value,
    cast(municipality_sums.others_numerator as {{ type_double() }}) as others_numerator,
    cast(municipality_sums.others_denominator as {{ type_double() }}) as others_denominator,
    {{ safe_divide('municipality_sums.others_numerator', 'municipality_sums.others_denominator') }}
        as others_value
from municipality_values
inner join municipality_sums
    on
        municipality_values.indicator_id = municipality_sums.indicator_id
        and municipality_values.period_start = municipality_sums.period_start
        and municipality_values.municipality_code = municipality_sums.municipality_code
where
    municipality_values.is_delivered
    and municipality_sums.splits_by_origin
