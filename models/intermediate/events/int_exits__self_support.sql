{#-
    Exits to self-support (afgang til selvforsørgelse), one row per exit event. An exit on
    day e: an effective PUBLIC spell of the person ends on e, and no effective PUBLIC spell
    of that person covers any day in [e+1, e+28]. Only decidable when e + 28 <= as-of date,
    so later ends (including ongoing spells, which end at the as-of date) are left out.
    Carries the ending spell's target group and municipality, the person's dimensions and
    age on e, and the start of the person's next effective PUBLIC spell (for X05's relapse).
-#}
with spells as (

    select * from {{ ref('int_spells__effective') }}

),

public_groups as (

    select target_group from {{ ref('target_group_sets') }}
    where set_name = 'public'

),

persons as (

    select * from {{ ref('stg_extracts__persons') }}

),

parameters as (

    select * from {{ ref('int_reporting__parameters') }}

),

public_spells as (

    select spells.*
    from spells
    inner join public_groups
        on spells.target_group = public_groups.target_group

),

-- "Only decidable when e + 28 <= as-of date."
decidable_ends as (

    select
        public_spells.*,
        public_spells.effective_end_date as exit_date
    from public_spells
    cross join parameters
    where {{ dbt.dateadd('day', 28, 'public_spells.effective_end_date') }} <= parameters.as_of_date

),

-- "No effective PUBLIC spell of that person covers any day in [e+1, e+28]."
continued_ends as (

    select distinct decidable_ends.spell_id
    from decidable_ends
    inner join public_spells as later_spells
        on
            decidable_ends.person_key = later_spells.person_key
            and later_spells.start_date <= {{ dbt.dateadd('day', 28, 'decidable_ends.exit_date') }}
            and later_spells.effective_end_date >= {{ dbt.dateadd('day', 1, 'decidable_ends.exit_date') }}

),

-- The first effective PUBLIC spell of the person starting after e (X05: relapse).
next_spells as (

    select
        decidable_ends.spell_id,
        min(later_spells.start_date) as next_spell_start_date
    from decidable_ends
    inner join public_spells as later_spells
        on
            decidable_ends.person_key = later_spells.person_key
            and decidable_ends.exit_date < later_spells.start_date
    group by decidable_ends.spell_id

)

select
    -- ids: the ending spell identifies the exit event
    decidable_ends.spell_id,
    decidable_ends.person_key,
    -- codes of the ending spell
    decidable_ends.municipality_code,
    decidable_ends.benefit_code,
    decidable_ends.target_group,
    decidable_ends.target_group_family,
    -- person dimensions on the exit day
    persons.origin_group,
    persons.gender,
    persons.birth_date,
    {{ age_at('persons.birth_date', 'decidable_ends.exit_date') }} as age_at_exit_date,
    -- dates
    decidable_ends.start_date as spell_start_date,
    cast(decidable_ends.exit_date as date) as exit_date,
    cast(next_spells.next_spell_start_date as date) as next_spell_start_date
from decidable_ends
inner join persons
    on decidable_ends.person_key = persons.person_key
left join continued_ends
    on decidable_ends.spell_id = continued_ends.spell_id
left join next_spells
    on decidable_ends.spell_id = next_spells.spell_id
where continued_ends.spell_id is null
