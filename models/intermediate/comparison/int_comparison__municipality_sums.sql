{#-
    One row per indicator, municipality and period with cells in fct_indicator_values: the
    municipality's total numerator and denominator, "summed over all of the indicator's cells
    for that municipality and period", and the same over its ikke_vestlig cells and over its
    dansk + vestlig cells (the parity values). Sums are exact (exact_sum), so every build over
    the same delivery gives the same values.

    "For I22 the denominator is the municipality's population 16-66 counted once (as S03), not
    once per target group": for the indicators whose denominator is not additive over target
    group (catalog flag false: I22, S02) the denominator is the sum of S03's denominators (the
    population 16-66 of every cell, also cells without benefit recipients) over the same
    municipality, period and origin groups.
-#}
with indicator_values as (

    select * from {{ ref('fct_indicator_values') }}

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

cell_sums as (

    select
        indicator_id,
        municipality_code,
        period_start,
        {{ exact_sum('numerator') }} as numerator,
        {{ exact_sum('denominator') }} as denominator,
        {{ exact_sum("case when origin_group = 'ikke_vestlig' then numerator else 0 end") }} as nonwestern_numerator,
        {{ exact_sum("case when origin_group = 'ikke_vestlig' then denominator else 0 end") }}
            as nonwestern_denominator,
        {{ exact_sum("case when origin_group in ('dansk', 'vestlig') then numerator else 0 end") }}
            as others_numerator,
        {{ exact_sum("case when origin_group in ('dansk', 'vestlig') then denominator else 0 end") }}
            as others_denominator,
        max(case when origin_group <> 'i_alt' then 1 else 0 end) = 1 as splits_by_origin
    from indicator_values
    group by indicator_id, municipality_code, period_start

),

-- The population 16-66 of each municipality and period, every cell counted once (S03).
population_sums as (

    select
        municipality_code,
        period_start,
        {{ exact_sum('denominator') }} as population,
        {{ exact_sum("case when origin_group = 'ikke_vestlig' then denominator else 0 end") }}
            as nonwestern_population,
        {{ exact_sum("case when origin_group in ('dansk', 'vestlig') then denominator else 0 end") }}
            as others_population
    from indicator_values
    where indicator_id = 'S03'
    group by municipality_code, period_start

)

select
    cell_sums.indicator_id,
    cell_sums.municipality_code,
    cell_sums.period_start,
    cell_sums.splits_by_origin,
    cell_sums.numerator,
    case
        when coalesce(indicators.denominator_additive_over_target_group, true) then cell_sums.denominator
        else coalesce(population_sums.population, 0)
    end as denominator,
    cell_sums.nonwestern_numerator,
    case
        when coalesce(indicators.denominator_additive_over_target_group, true) then cell_sums.nonwestern_denominator
        else coalesce(population_sums.nonwestern_population, 0)
    end as nonwestern_denominator,
    cell_sums.others_numerator,
    case
        when coalesce(indicators.denominator_additive_over_target_group, true) then cell_sums.others_denominator
        else coalesce(population_sums.others_population, 0)
    end as others_denominator
from cell_sums
inner join indicators
    on cell_sums.indicator_id = indicators.indicator_id
left join population_sums
    on
        cell_sums.municipality_code = population_sums.municipality_code
        and cell_sums.period_start = population_sums.period_start
