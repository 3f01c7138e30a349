{#-
    One row per day from 2000-01-01 to 2050-12-31: the time spine MetricFlow needs to resolve
    `metric_time` at any grain (day, week, month, quarter, year). It holds no data of the
    warehouse; the range covers every period an extract can describe.
-#}
{{ config(materialized='table') }}

with days as (

    {{ dbt.date_spine(
        datepart="day",
        start_date="cast('2000-01-01' as date)",
        end_date="cast('2051-01-01' as date)"
    ) }}

)

select cast(date_day as date) as date_day
from days
