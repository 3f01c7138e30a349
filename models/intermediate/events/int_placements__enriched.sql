{#-
    One row per staged placement (tilbud), with the offer type's flags and the person's
    dimensions on the start date. Event-dated measures take the effective spell covering the
    event date, else target group `uden_ydelse` with the municipality from `persons`.
    Placement during m: the placement's [start, end] overlaps m; a NULL end date means the
    placement is still running.
-#}
with placements as (

    select * from {{ ref('stg_extracts__placements') }}

),

offer_types as (

    select * from {{ ref('offer_types') }}

),

spells as (

    select * from {{ ref('int_spells__effective') }}

),

persons as (

    select * from {{ ref('stg_extracts__persons') }}

),

-- "Event-dated measures take the spell covering the event date": effective spells never
-- overlap (a newer spell supersedes an older one from its start date), so at most one
-- spell covers the start date.
covering_spells as (

    select
        placements.placement_id,
        spells.spell_id,
        spells.target_group,
        spells.target_group_family,
        spells.municipality_code
    from placements
    inner join spells
        on
            placements.person_key = spells.person_key
            and placements.start_date between spells.start_date and spells.effective_end_date

)

select
    -- ids
    placements.placement_id,
    placements.person_key,
    placements.employer_cvr,
    covering_spells.spell_id as covering_spell_id,
    -- codes and the offer type's flags (COMPANY and ACTIVE_OFFER)
    placements.offer_type,
    offer_types.is_company_directed,
    offer_types.is_active_offer,
    placements.employer_municipality_code,
    -- dimensions on the start date
    coalesce(covering_spells.target_group, 'uden_ydelse') as target_group,
    covering_spells.target_group_family,
    coalesce(covering_spells.municipality_code, persons.municipality_code) as municipality_code,
    persons.municipality_code as residence_municipality_code,
    persons.origin_group,
    persons.gender,
    persons.birth_date,
    {{ age_at('persons.birth_date', 'placements.start_date') }} as age_at_start_date,
    -- dates (timestamps are compared by calendar date)
    placements.start_date,
    placements.end_date,
    placements.registered_at,
    cast(placements.registered_at as date) as registered_date,
    -- measures
    placements.hours_per_week
from placements
inner join offer_types
    on placements.offer_type = offer_types.offer_type
inner join persons
    on placements.person_key = persons.person_key
left join covering_spells
    on placements.placement_id = covering_spells.placement_id
