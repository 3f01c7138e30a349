{#-
    One row per indicator with a direction, delivered municipality and reported period: how
    the municipality stands against the country, the top 10 and its region, and whether the
    goal is met (INDICATORS.md, Comparison layer). Assembled from the comparison layer's
    intermediate models; see cmp_indicator_comparison.md.
-#}
with indicator_periods as (

    select * from {{ ref('int_comparison__indicator_periods') }}

),

municipality_values as (

    select * from {{ ref('int_comparison__municipality_values') }}

),

national_values as (

    select * from {{ ref('int_comparison__national_values') }}

),

top10_values as (

    select * from {{ ref('int_comparison__top10_values') }}

),

region_ranks as (

    select * from {{ ref('int_comparison__region_ranks') }}

),

origin_values as (

    select * from {{ ref('int_comparison__origin_values') }}

),

-- "One row per indicator with a direction, per municipality in the delivery, per reported
-- period."
delivered_values as (

    select * from municipality_values
    where is_delivered

),

comparison as (

    select
        delivered_values.indicator_id,
        delivered_values.municipality_code,
        delivered_values.period_start,
        indicator_periods.frequency,
        indicator_periods.direction,
        delivered_values.numerator,
        delivered_values.denominator,
        delivered_values.value,
        national_values.national_value,
        national_values.national_source,
        top10_values.top10_value,
        top10_values.top10_source,
        top10_values.top10_count,
        top10_values.top10_selection_period,
        delivered_values.region_code,
        region_ranks.region_rank,
        region_ranks.region_size,
        indicator_periods.in_default_window,
        indicator_periods.goal_kind,
        indicator_periods.target_value,
        -- "The same municipality's value 12 months earlier (the previous year for yearly
        -- indicators); NULL when the period 12 months earlier was not reported."
        previous_values.value as previous_value,
        origin_values.nonwestern_value,
        origin_values.others_value
    from delivered_values
    inner join indicator_periods
        on
            delivered_values.indicator_id = indicator_periods.indicator_id
            and delivered_values.period_start = indicator_periods.period_start
    inner join national_values
        on
            delivered_values.indicator_id = national_values.indicator_id
            and delivered_values.period_start = national_values.period_start
    inner join top10_values
        on
            delivered_values.indicator_id = top10_values.indicator_id
            and delivered_values.period_start = top10_values.period_start
    left join region_ranks
        on
            delivered_values.indicator_id = region_ranks.indicator_id
            and delivered_values.period_start = region_ranks.period_start
            and delivered_values.municipality_code = region_ranks.municipality_code
    left join origin_values
        on
            delivered_values.indicator_id = origin_values.indicator_id
            and delivered_values.period_start = origin_values.period_start
            and delivered_values.municipality_code = origin_values.municipality_code
    left join delivered_values as previous_values
        on
            delivered_values.indicator_id = previous_values.indicator_id
            and indicator_periods.previous_period_start = previous_values.period_start
            and delivered_values.municipality_code = previous_values.municipality_code

)

select
    cast(indicator_id as {{ dbt.type_string() }}) as indicator_id,
    cast(municipality_code as {{ dbt.type_string() }}) as municipality_code,
    cast(period_start as date) as period_start,
    cast(frequency as {{ dbt.type_string() }}) as frequency,
    cast(direction as {{ dbt.type_string() }}) as direction,
    cast(numerator as {{ type_double() }}) as numerator,
    cast(denominator as {{ type_double() }}) as denominator,
    cast(value as {{ type_double() }}) as value,
    cast(national_value as {{ type_double() }}) as national_value,
    cast(national_source as {{ dbt.type_string() }}) as national_source,
    cast(top10_value as {{ type_double() }}) as top10_value,
    cast(top10_source as {{ dbt.type_string() }}) as top10_source,
    cast(top10_count as {{ dbt.type_int() }}) as top10_count,
    cast(top10_selection_period as date) as top10_selection_period,
    cast(region_code as {{ dbt.type_string() }}) as region_code,
    cast(region_rank as {{ dbt.type_int() }}) as region_rank,
    cast(region_size as {{ dbt.type_int() }}) as region_size,
    in_default_window,
    cast(goal_kind as {{ dbt.type_string() }}) as goal_kind,
    cast(target_value as {{ type_double() }}) as target_value,
    -- Goals ("not worse" = >= for higher, <= for lower; NULL when it cannot be decided).
    case goal_kind
        when 'threshold' then {{ not_worse('direction', 'value', 'target_value') }}
        when 'national' then {{ not_worse('direction', 'value', 'national_value') }}
        when 'region_top10' then region_rank <= 10
        when 'parity' then {{ not_worse('direction', 'nonwestern_value', 'others_value') }}
        when 'trend' then {{ not_worse('direction', 'value', 'previous_value') }}
    end as goal_met,
    cast(previous_value as {{ type_double() }}) as previous_value,
    cast(nonwestern_value as {{ type_double() }}) as nonwestern_value,
    cast(others_value as {{ type_double() }}) as others_value
from comparison
