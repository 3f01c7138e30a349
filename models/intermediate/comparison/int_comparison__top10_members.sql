{#-
    One row per compared indicator and member of its top 10: "the 10 municipalities with the
    best value (highest for higher, lowest for lower) in the selection period, ties broken by
    kommunekode (ascending, as text); a municipality without a value then cannot be chosen."
    The selection period is the end of the indicator's default window. No rows for an
    indicator when fewer than 10 municipalities had a value in its selection period (its top
    10 is then NULL with count 0).
-#}
with indicator_periods as (

    select * from {{ ref('int_comparison__indicator_periods') }}

),

municipality_values as (

    select * from {{ ref('int_comparison__municipality_values') }}

),

candidates as (

    select
        municipality_values.indicator_id,
        municipality_values.period_start as selection_period_start,
        municipality_values.municipality_code,
        row_number() over (
            partition by municipality_values.indicator_id
            order by
                case
                    when indicator_periods.direction = 'higher' then -municipality_values.value
                    else municipality_values.value
                end,
                cast(municipality_values.municipality_code as {{ dbt.type_string() }})
        ) as top10_position,
        count(*) over (partition by municipality_values.indicator_id) as candidates_with_value
    from municipality_values
    inner join indicator_periods
        on
            municipality_values.indicator_id = indicator_periods.indicator_id
            and municipality_values.period_start = indicator_periods.period_start
    where
        indicator_periods.is_selection_period
        and municipality_values.value is not null

)

select
    indicator_id,
    selection_period_start,
    municipality_code,
    cast(top10_position as {{ dbt.type_int() }}) as top10_position
from candidates
where
    candidates_with_value >= 10
    and top10_position <= 10
