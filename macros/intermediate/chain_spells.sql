{#-
    Chains (ledighedsforløb) over a set of target groups, at spell grain.
    A person's effective spells in the set, ordered by start, form one chain while each next
    spell starts no more than 28 days after the chain's last covered day
    (start_date - last covered day <= 28); otherwise a new chain begins. The chain's first
    day is its first spell's start; its target group, municipality and age are taken at the
    first day (from its first spell).

    set_name: a set of seeds/reference/target_group_sets.csv; or
    target_group: a single target group (for example 'a_dagpenge'); or
    per_target_group: true for chains of each single target group (X01/X02), where a move
    between groups ends one chain and starts another.
-#}
{% macro chain_spells(set_name=none, target_group=none, per_target_group=false) -%}
{%- set partition = 'person_key, target_group' if per_target_group else 'person_key' -%}
with spells as (

    select * from {{ ref('int_spells__effective') }}
    {%- if set_name %}
    where target_group in (
        select target_group from {{ ref('target_group_sets') }}
        where set_name = '{{ set_name }}'
    )
    {%- elif target_group %}
    where target_group = '{{ target_group }}'
    {%- endif %}

),

persons as (

    select * from {{ ref('stg_extracts__persons') }}

),

flagged as (

    select
        spells.*,
        case
            when {{ dbt.datediff(
                'max(effective_end_date) over (partition by ' ~ partition
                    ~ ' order by start_date, spell_id rows between unbounded preceding and 1 preceding)',
                'start_date', 'day') }} <= 28 then 0
            else 1
        end as starts_chain
    from spells

),

numbered as (

    select
        flagged.*,
        sum(starts_chain) over (
            partition by {{ partition }}
            order by start_date, spell_id
            rows between unbounded preceding and current row
        ) as chain_number
    from flagged

),

chained as (

    select
        numbered.*,
        min(start_date) over (partition by {{ partition }}, chain_number) as chain_first_day,
        max(effective_end_date) over (partition by {{ partition }}, chain_number) as chain_last_day,
        row_number() over (partition by {{ partition }}, chain_number order by start_date, spell_id)
            as spell_number_in_chain
    from numbered

),

first_spells as (

    select
        person_key,
        {% if per_target_group %}target_group as chain_target_group_key,{% endif %}
        chain_number,
        target_group as chain_target_group,
        target_group_family as chain_target_group_family,
        municipality_code as chain_municipality_code,
        hours_per_week as chain_first_hours_per_week
    from chained
    where spell_number_in_chain = 1

)

select
    chained.spell_id,
    chained.person_key,
    {{ dbt.concat(['chained.person_key', "'-'", 'chained.target_group' if per_target_group else "''", "'-'",
        'cast(chained.chain_number as ' ~ dbt.type_string() ~ ')']) }} as chain_key,
    chained.chain_number,
    chained.target_group,
    chained.municipality_code,
    chained.visitation_category,
    chained.start_date,
    chained.effective_end_date,
    chained.hours_per_week,
    chained.in_integration_programme,
    chained.chain_first_day,
    chained.chain_last_day,
    chained.spell_number_in_chain,
    first_spells.chain_target_group,
    first_spells.chain_target_group_family,
    first_spells.chain_municipality_code,
    first_spells.chain_first_hours_per_week,
    persons.origin_group,
    persons.gender,
    persons.birth_date,
    {{ age_at('persons.birth_date', 'chained.chain_first_day') }} as age_at_first_day
from chained
inner join first_spells
    on
        chained.person_key = first_spells.person_key
        {% if per_target_group %}and chained.target_group = first_spells.chain_target_group_key{% endif %}
        and chained.chain_number = first_spells.chain_number
inner join persons
    on chained.person_key = persons.person_key
{%- endmacro %}
