{#-
    In fct_indicator_rollups each breakdown adds up to its total, and rows are labelled by the
    one dimension they split: for every indicator, municipality, period and breakdown other
    than `total`, the numerators sum to the `total` row's numerator (tolerance 1e-6), and so
    do the denominators, except for I22 and S02 (denominator not additive over target group):
    their `target_group` rows each carry the total's population, and their other breakdowns'
    populations sum to at most the total (a value without recipients has no row). A
    breakdown without its `total` row fails too, as does a row whose `breakdown` does not
    name its one non-`i_alt` dimension. Returns the failing groups and rows.
-#}
with rollups as (

    select * from {{ ref('fct_indicator_rollups') }}

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

totals as (

    select * from rollups
    where breakdown = 'total'

),

breakdown_sums as (

    select
        indicator_id,
        municipality_code,
        period_start,
        breakdown,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        min(denominator) as min_denominator,
        max(denominator) as max_denominator
    from rollups
    where breakdown <> 'total'
    group by 1, 2, 3, 4

),

compared as (

    select
        breakdown_sums.*,
        totals.numerator as total_numerator,
        totals.denominator as total_denominator,
        coalesce(indicators.denominator_additive_over_target_group, true) as denominator_is_additive
    from breakdown_sums
    inner join indicators
        on breakdown_sums.indicator_id = indicators.indicator_id
    left join totals
        on
            breakdown_sums.indicator_id = totals.indicator_id
            and breakdown_sums.municipality_code = totals.municipality_code
            and breakdown_sums.period_start = totals.period_start

),

sums_that_differ as (

    select
        indicator_id,
        municipality_code,
        period_start,
        breakdown,
        'breakdown does not add up to the total' as problem
    from compared
    where
        total_numerator is null
        or abs(numerator - total_numerator) > 1e-6
        or (denominator_is_additive and abs(coalesce(denominator, 0) - coalesce(total_denominator, 0)) > 1e-6)
        or (
            not denominator_is_additive and breakdown = 'target_group'
            and (
                abs(min_denominator - total_denominator) > 1e-6
                or abs(max_denominator - total_denominator) > 1e-6
            )
        )
        or (not denominator_is_additive and breakdown <> 'target_group' and denominator > total_denominator + 1e-6)

),

-- 'total': every dimension i_alt; otherwise exactly the named dimension is not i_alt.
mislabelled as (

    select
        indicator_id,
        municipality_code,
        period_start,
        breakdown,
        'breakdown does not match the dimensions' as problem
    from rollups
    where not (
        (origin_group <> 'i_alt') = (breakdown = 'origin_group')
        and (gender <> 'i_alt') = (breakdown = 'gender')
        and (age_band <> 'i_alt') = (breakdown = 'age_band')
        and (target_group <> 'i_alt') = (breakdown = 'target_group')
    )

)

select * from sums_that_differ
union all
select * from mislabelled
