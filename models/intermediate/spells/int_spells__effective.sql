with spells as (

    select * from {{ ref('stg_extracts__benefit_spells') }}

),

parameters as (

    select * from {{ ref('int_reporting__parameters') }}

),

target_groups as (

    select * from {{ ref('target_groups') }}

),

-- Spells starting after the as-of date are ignored.
known as (

    select spells.*
    from spells
    cross join parameters
    where spells.start_date <= parameters.as_of_date

),

-- A newer spell (later start_date; ties broken by the larger spell_id, compared as text)
-- supersedes an older one from its start date: the older spell's effective end is
-- min(end_date, newer.start_date - 1 day). Ongoing spells run to the as-of date and end
-- dates after it are cut to it. A superseded spell does not resume.
ordered as (

    select
        known.*,
        lead(known.start_date) over (
            partition by known.person_key
            order by known.start_date, known.spell_id
        ) as next_start_date
    from known

),

effective as (

    select
        ordered.*,
        least(
            coalesce(ordered.end_date, parameters.as_of_date),
            parameters.as_of_date,
            coalesce(
                cast({{ dbt.dateadd('day', -1, 'ordered.next_start_date') }} as date),
                parameters.as_of_date
            )
        ) as effective_end_date
    from ordered
    cross join parameters

)

select
    -- ids
    effective.spell_id,
    effective.person_key,
    -- codes
    effective.municipality_code,
    effective.benefit_code,
    effective.visitation_category,
    effective.target_group,
    target_groups.family as target_group_family,
    -- dates
    effective.start_date,
    cast(effective.effective_end_date as date) as effective_end_date,
    effective.end_date as delivered_end_date,
    -- measures and flags
    effective.hours_per_week,
    effective.in_integration_programme,
    (effective.next_start_date is not null and effective.next_start_date <= coalesce(effective.end_date, effective.next_start_date))
        as is_superseded
from effective
inner join target_groups
    on effective.target_group = target_groups.target_group
-- An older spell that would end before it starts after the overlap rule contributes nothing.
where effective.effective_end_date >= effective.start_date
