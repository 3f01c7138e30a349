{#-
    One row per compared indicator and reported period: the national value and its source.
    "When all 98 municipalities are in the delivery for the period, computed = sum of the 98
    numerators / sum of the 98 denominators (computed); otherwise the benchmarks row for
    area 000 (benchmark); else NULL." A NULL value (also a computed one, denominator 0) has no
    source.
-#}
with indicator_periods as (

    select * from {{ ref('int_comparison__indicator_periods') }}

),

municipality_values as (

    select * from {{ ref('int_comparison__municipality_values') }}

),

municipalities as (

    select * from {{ ref('dim_municipality') }}

),

benchmarks as (

    select * from {{ ref('stg_extracts__benchmarks') }}

),

delivered_totals as (

    select
        indicator_id,
        period_start,
        count(*) as delivered_municipalities,
        {{ exact_sum('numerator') }} as numerator,
        {{ exact_sum('denominator') }} as denominator
    from municipality_values
    where is_delivered
    group by indicator_id, period_start

),

national as (

    select
        indicator_periods.indicator_id,
        indicator_periods.period_start,
        coalesce(delivered_totals.delivered_municipalities, 0)
        = (select count(*) from municipalities) as is_national_delivery,
        {{ safe_divide('delivered_totals.numerator', 'delivered_totals.denominator') }} as computed_value,
        cast(benchmarks.value as {{ type_double() }}) as benchmark_value
    from indicator_periods
    left join delivered_totals
        on
            indicator_periods.indicator_id = delivered_totals.indicator_id
            and indicator_periods.period_start = delivered_totals.period_start
    left join benchmarks
        on
            indicator_periods.indicator_id = benchmarks.indicator_id
            and indicator_periods.period_start = benchmarks.period_start
            and benchmarks.area_code = '000'

)

select
    cast(indicator_id as {{ dbt.type_string() }}) as indicator_id,
    cast(period_start as date) as period_start,
    is_national_delivery,
    case when is_national_delivery then computed_value else benchmark_value end as national_value,
    cast(
        case
            when is_national_delivery and computed_value is not null then 'computed'
            when not is_national_delivery and benchmark_value is not null then 'benchmark'
        end as {{ dbt.type_string() }}
    ) as national_source
from national
