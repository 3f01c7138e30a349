{#-
    I17: yearly, population aged 16-66 (quarter starting 1 July) -> foertidspension chains
    (awards) whose first day is in the year.
-#}
with chain_spells as (

    select * from {{ ref('int_chain_spells__foertidspension') }}

),

population as (

    select * from {{ ref('stg_extracts__population') }}

),

-- "Awards are chains over {foertidspension}", counted in the year of the chain's first day,
-- with the chain's municipality and the age at its first day (16-66 only).
awards as (

    select
        cast({{ dbt.date_trunc('year', 'chain_first_day') }} as date) as period_start,
        chain_municipality_code as municipality_code,
        origin_group,
        gender,
        {{ age_band('age_at_first_day') }} as age_band,
        'i_alt' as target_group,
        1 as numerator,
        0 as denominator
    from chain_spells
    where
        spell_number_in_chain = 1
        and age_at_first_day between 16 and 66

),

-- "Population from the quarter starting 1 July": residents aged 16-66 in the year's third
-- quarter.
population_cells as (

    select
        cast({{ dbt.date_trunc('year', 'quarter_start') }} as date) as period_start,
        municipality_code,
        origin_group,
        gender,
        {{ age_band('age') }} as age_band,
        'i_alt' as target_group,
        0 as numerator,
        coalesce(population, 0) as denominator
    from population
    where
        {{ date_part('month', 'quarter_start') }} = 7
        and age between 16 and 66

),

cells as (

    select * from awards
    union all
    select * from population_cells

)

{{ indicator_output('I17', 'cells', frequency='yearly') }}
