{#-
    One row per quarter and municipality that is in the delivery: "a municipality in the
    delivery is one with population rows for the quarter of the period" (for a yearly period,
    the year's first quarter, which is the quarter of its period_start, 1 January).
-#}
with population as (

    select * from {{ ref('stg_extracts__population') }}

)

select distinct
    cast(quarter_start as date) as quarter_start,
    cast(municipality_code as {{ dbt.type_string() }}) as municipality_code
from population
