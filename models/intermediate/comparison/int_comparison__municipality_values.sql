{#-
    One row per compared indicator, reported period and municipality (of the 98) that is in
    the delivery for the period or has a benchmark value: the value the comparison layer uses
    for that municipality, and its source.

    - In the delivery: "its total: numerator and denominator summed over all of the
      indicator's cells for that municipality and period, value = numerator / denominator
      (NULL when the denominator is 0)": int_comparison__municipality_sums (exact sums; the
      I22 denominator is the population 16-66 counted once, from S03). "A
      delivered municipality with no cells in a period has numerator 0, denominator 0, value
      NULL; a computed NULL is never replaced by that municipality's own benchmark row."
    - Otherwise: "the benchmarks row with its kommunekode as area_code (its value; a NULL
      value means no value)". Benchmarks are read through their value column only, and
      region rows (1081-1085) are never a municipality's value.
-#}
with indicator_periods as (

    select * from {{ ref('int_comparison__indicator_periods') }}

),

municipalities as (

    select * from {{ ref('dim_municipality') }}

),

delivered as (

    select * from {{ ref('int_comparison__delivered_municipalities') }}

),

municipality_sums as (

    select * from {{ ref('int_comparison__municipality_sums') }}

),

benchmarks as (

    select * from {{ ref('stg_extracts__benchmarks') }}

),

grid as (

    select
        indicator_periods.indicator_id,
        indicator_periods.period_start,
        municipalities.municipality_code,
        municipalities.region_code,
        delivered.municipality_code is not null as is_delivered
    from indicator_periods
    cross join municipalities
    left join delivered
        on
            {{ dbt.date_trunc('quarter', 'indicator_periods.period_start') }} = delivered.quarter_start
            and municipalities.municipality_code = delivered.municipality_code

),

municipality_values as (

    select
        grid.indicator_id,
        grid.period_start,
        grid.municipality_code,
        grid.region_code,
        grid.is_delivered,
        case when grid.is_delivered then coalesce(totals.numerator, 0) end as numerator,
        case when grid.is_delivered then coalesce(totals.denominator, 0) end as denominator,
        cast(benchmarks.value as {{ type_double() }}) as benchmark_value
    from grid
    left join municipality_sums as totals
        on
            grid.indicator_id = totals.indicator_id
            and grid.period_start = totals.period_start
            and grid.municipality_code = totals.municipality_code
    left join benchmarks
        on
            grid.indicator_id = benchmarks.indicator_id
            and grid.period_start = benchmarks.period_start
            and grid.municipality_code = benchmarks.area_code

)

select
    cast(indicator_id as {{ dbt.type_string() }}) as indicator_id,
    cast(period_start as date) as period_start,
    cast(municipality_code as {{ dbt.type_string() }}) as municipality_code,
    cast(region_code as {{ dbt.type_string() }}) as region_code,
    is_delivered,
    cast(numerator as {{ type_double() }}) as numerator,
    cast(denominator as {{ type_double() }}) as denominator,
    case
        when is_delivered then {{ safe_divide('numerator', 'denominator') }}
        else benchmark_value
    end as value,
    cast(
        case
            when is_delivered then 'computed'
            when benchmark_value is not null then 'benchmark'
        end as {{ dbt.type_string() }}
    ) as value_source
from municipality_values
where is_delivered or benchmark_value is not null
