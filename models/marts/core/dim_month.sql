{#- One row per calendar month from the start of the history to the month of the as-of date. -#}
with spine as (

    {{ dbt.date_spine('month', "cast('2000-01-01' as date)", "cast('2051-01-01' as date)") }}

),

parameters as (

    select * from {{ ref('int_reporting__parameters') }}

),

months as (

    select
        cast(spine.date_month as date) as month_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'spine.date_month')) }} as date) as month_end
    from spine

)

select
    months.month_start,
    months.month_end,
    cast({{ dbt.datediff('months.month_start', 'months.month_end', 'day') }} + 1 as {{ dbt.type_bigint() }}) as days_in_month,
    cast({{ dbt.date_trunc('quarter', 'months.month_start') }} as date) as quarter_start,
    cast({{ dbt.date_trunc('year', 'months.month_start') }} as date) as year_start,
    {{ date_part('year', 'months.month_start') }} as calendar_year,
    {{ date_part('month', 'months.month_start') }} as calendar_month,
    (
        months.month_start >= parameters.reporting_start
        and months.month_end <= parameters.as_of_date
    ) as is_reported
from months
cross join parameters
where
    months.month_start >= {{ dbt.dateadd('month', -12, 'least(parameters.history_start, parameters.reporting_start)') }}
    and months.month_start <= parameters.as_of_date
