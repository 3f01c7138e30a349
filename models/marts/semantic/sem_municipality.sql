{#-
    One row per municipality: dim_municipality as a thin view that carries the semantic model
    of the `municipality` entity (names and regions for `mf query`).
-#}
{{ config(materialized='view') }}

with municipalities as (

    select * from {{ ref('dim_municipality') }}

)

select
    municipality_code,
    municipality_name,
    region_code,
    region_name
from municipalities
