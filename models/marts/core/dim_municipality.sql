{#- One row per municipality: the 98 kommunekoder of the extracts, with their region. -#}
with municipalities as (

    select * from {{ ref('municipalities') }}

),

regions as (

    select * from {{ ref('regions') }}

)

select
    cast(municipalities.municipality_code as {{ dbt.type_string() }}) as municipality_code,
    cast(municipalities.municipality_name as {{ dbt.type_string() }}) as municipality_name,
    cast(municipalities.region_code as {{ dbt.type_string() }}) as region_code,
    cast(regions.region_name as {{ dbt.type_string() }}) as region_name,
    cast(municipalities.population_2018 as {{ dbt.type_int() }}) as population_2018
from municipalities
inner join regions
    on municipalities.region_code = regions.region_code
