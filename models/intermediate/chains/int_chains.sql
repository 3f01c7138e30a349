{#-
    One row per chain (ledighedsforløb) per chain set: the chain's first and last covered day,
    its duration, and its dimensions at the first day (target group, municipality and hours of
    the first spell; age at the first day). The chain sets are the int_chain_spells__<set>
    models; `per_target_group` holds the chains of each single target group (X01/X02).
-#}
{%- set chain_sets = [
    'unemployed', 'i24_jobparate', 'a_dagpenge', 'sygedagpenge',
    'jobafklaring', 'fleksjob', 'foertidspension', 'per_target_group'
] -%}

with parameters as (

    select * from {{ ref('int_reporting__parameters') }}

),

{% for chain_set in chain_sets %}
chain_spells__{{ chain_set }} as (

    select
        '{{ chain_set }}' as set_name,
        spells.*,
        count(*) over (partition by spells.chain_key) as spell_count
    from {{ ref('int_chain_spells__' ~ chain_set) }} as spells

),

{% endfor -%}

-- The chain's first day is its first spell's start; its target group, municipality and age
-- are taken at the first day: one row per chain, from its first spell.
first_spells as (

    {% for chain_set in chain_sets -%}
    select * from chain_spells__{{ chain_set }}
    where spell_number_in_chain = 1
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}

)

select
    -- ids
    first_spells.set_name,
    first_spells.chain_key,
    first_spells.person_key,
    -- dimensions at the first day
    first_spells.chain_target_group,
    first_spells.chain_target_group_family,
    first_spells.chain_municipality_code,
    first_spells.origin_group,
    first_spells.gender,
    first_spells.birth_date,
    first_spells.age_at_first_day,
    {{ age_band('first_spells.age_at_first_day') }} as age_band_at_first_day,
    -- dates
    first_spells.chain_first_day,
    first_spells.chain_last_day,
    cast({{ dbt.date_trunc('month', 'first_spells.chain_first_day') }} as date) as first_month_start,
    cast({{ dbt.date_trunc('month', 'first_spells.chain_last_day') }} as date) as last_month_start,
    -- measures
    -- Duration = last covered day - first day (a one-day chain lasts 0 days).
    {{ dbt.datediff('first_spells.chain_first_day', 'first_spells.chain_last_day', 'day') }} as duration_days,
    first_spells.spell_count,
    first_spells.chain_first_hours_per_week,
    -- A chain whose last covered day is the as-of date is still running.
    (first_spells.chain_last_day >= parameters.as_of_date) as is_running
from first_spells
cross join parameters
