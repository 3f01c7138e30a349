{#-
    "For I22 the denominator is the municipality's population 16-66 counted once (as S03),
    not once per target group" (INDICATORS.md, Comparison layer). Checked against the
    population extract itself: every I22 comparison row of a municipality with I22 cells has
    as denominator the sum of `population` over the municipality's rows for the quarter of the
    month (every age in the extract is 16-66), and S03's comparison row the same. Returns the
    rows that differ.
-#}
with comparison as (

    select * from {{ ref('cmp_indicator_comparison') }}

),

population as (

    select * from {{ ref('int_population__monthly') }}

),

monthly_population as (

    select
        month_start,
        municipality_code,
        sum(population) as population
    from population
    where age between 16 and 66
    group by month_start, municipality_code

)

select
    comparison.indicator_id,
    comparison.municipality_code,
    comparison.period_start,
    comparison.denominator,
    monthly_population.population
from comparison
left join monthly_population
    on
        comparison.municipality_code = monthly_population.municipality_code
        and comparison.period_start = monthly_population.month_start
where
    comparison.indicator_id in ('I22', 'S03')
    and comparison.numerator > 0
    and comparison.denominator is distinct from cast(monthly_population.population as {{ type_double() }})
