{#-
    Population, labour force and insured per month, municipality, single-year age (16-66),
    gender and origin group: a month uses the figures of the quarter that contains it.
-#}
with population as (

    select * from {{ ref('stg_extracts__population') }}

),

months as (

    select * from {{ ref('dim_month') }}

)

select
    months.month_start,
    population.municipality_code,
    population.age,
    population.gender,
    population.origin_group,
    population.population,
    population.labour_force,
    population.insured
from population
inner join months
    on population.quarter_start = months.quarter_start
