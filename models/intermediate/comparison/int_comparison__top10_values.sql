{#-
    One row per compared indicator and reported period: the top 10 followed through every
    period. "top10_value = the unweighted mean of the values that those 10 have in that
    period, top10_count = how many had one, top10_source = computed, benchmark or mixed.
    NULL (count 0) when fewer than 10 municipalities had a value in the selection period."
    The source is NULL when no member had a value.
-#}
with indicator_periods as (

    select * from {{ ref('int_comparison__indicator_periods') }}

),

members as (

    select * from {{ ref('int_comparison__top10_members') }}

),

municipality_values as (

    select * from {{ ref('int_comparison__municipality_values') }}

),

member_values as (

    select
        indicator_periods.indicator_id,
        indicator_periods.period_start,
        municipality_values.value,
        municipality_values.value_source
    from indicator_periods
    inner join members
        on indicator_periods.indicator_id = members.indicator_id
    inner join municipality_values
        on
            members.indicator_id = municipality_values.indicator_id
            and members.municipality_code = municipality_values.municipality_code
            and indicator_periods.period_start = municipality_values.period_start
    where municipality_values.value is not null

),

selections as (

    select
        indicator_id,
        min(selection_period_start) as selection_period_start
    from members
    group by indicator_id

),

summary as (

    select
        indicator_id,
        period_start,
        -- An exact sum, so the mean does not depend on the order of the rows.
        {{ exact_sum('value', 18) }} / count(*) as top10_value,
        count(*) as top10_count,
        min(value_source) as first_source,
        max(value_source) as last_source
    from member_values
    group by indicator_id, period_start

)

select
    cast(indicator_periods.indicator_id as {{ dbt.type_string() }}) as indicator_id,
    cast(indicator_periods.period_start as date) as period_start,
    cast(summary.top10_value as {{ type_double() }}) as top10_value,
    cast(
        case
            when summary.first_source is null then null
            when summary.first_source = summary.last_source then summary.first_source
            else 'mixed'
        end as {{ dbt.type_string() }}
    ) as top10_source,
    cast(coalesce(summary.top10_count, 0) as {{ dbt.type_int() }}) as top10_count,
    -- The period the 10 were chosen in; NULL when there is no top 10.
    cast(selections.selection_period_start as date) as top10_selection_period
from indicator_periods
left join selections
    on indicator_periods.indicator_id = selections.indicator_id
left join summary
    on
        indicator_periods.indicator_id = summary.indicator_id
        and indicator_periods.period_start = summary.period_start
