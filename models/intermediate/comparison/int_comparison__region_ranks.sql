{#-
    One row per compared indicator, reported period and municipality with a value: its rank
    in its own region (from `municipalities`). "Among the region's municipalities with a value
    in that period, ordered best first with ties by kommunekode; rank 1 = best; region_size =
    how many were ranked." region_rank is a row number (no shared ranks).
-#}
with indicator_periods as (

    select * from {{ ref('int_comparison__indicator_periods') }}

),

municipality_values as (

    select * from {{ ref('int_comparison__municipality_values') }}

)

select
    municipality_values.indicator_id,
    municipality_values.period_start,
    municipality_values.municipality_code,
    municipality_values.region_code,
    cast(row_number() over (
        partition by municipality_values.indicator_id, municipality_values.period_start, municipality_values.region_code
        order by
            case
                when indicator_periods.direction = 'higher' then -municipality_values.value
                else municipality_values.value
            end,
            cast(municipality_values.municipality_code as {{ dbt.type_string() }})
    ) as {{ dbt.type_int() }}) as region_rank,
    cast(count(*) over (
        partition by municipality_values.indicator_id, municipality_values.period_start, municipality_values.region_code
    ) as {{ dbt.type_int() }}) as region_size
from municipality_values
inner join indicator_periods
    on
        municipality_values.indicator_id = indicator_periods.indicator_id
        and municipality_values.period_start = indicator_periods.period_start
where municipality_values.value is not null
