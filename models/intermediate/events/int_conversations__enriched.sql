{#-
    One row per staged conversation, with the person's dimensions on the scheduled date.
    Held conversation: status `afholdt`, dated by `scheduled_date`. Event-dated measures take
    the effective spell covering the event date, else target group `uden_ydelse` with the
    municipality from `persons`.
-#}
with conversations as (

    select * from {{ ref('stg_extracts__conversations') }}

),

spells as (

    select * from {{ ref('int_spells__effective') }}

),

persons as (

    select * from {{ ref('stg_extracts__persons') }}

),

-- "Event-dated measures take the spell covering the event date": effective spells never
-- overlap (a newer spell supersedes an older one from its start date), so at most one
-- spell covers the scheduled date.
covering_spells as (

    select
        conversations.conversation_id,
        spells.spell_id,
        spells.target_group,
        spells.target_group_family,
        spells.municipality_code
    from conversations
    inner join spells
        on
            conversations.person_key = spells.person_key
            and conversations.scheduled_date between spells.start_date and spells.effective_end_date

)

select
    -- ids
    conversations.conversation_id,
    conversations.person_key,
    covering_spells.spell_id as covering_spell_id,
    -- codes
    conversations.conversation_type,
    conversations.channel,
    conversations.status,
    (conversations.status = 'afholdt' and conversations.scheduled_date is not null) as is_held,
    -- dimensions on the scheduled date (NULL when no date was booked)
    case
        when conversations.scheduled_date is not null
            then coalesce(covering_spells.target_group, 'uden_ydelse')
    end as target_group,
    covering_spells.target_group_family,
    coalesce(covering_spells.municipality_code, persons.municipality_code) as municipality_code,
    persons.origin_group,
    persons.gender,
    persons.birth_date,
    {{ age_at('persons.birth_date', 'conversations.scheduled_date') }} as age_at_scheduled_date,
    -- dates (timestamps are compared by calendar date)
    conversations.scheduled_date,
    conversations.self_book_deadline,
    conversations.invited_at,
    cast(conversations.invited_at as date) as invited_date,
    conversations.cancelled_at,
    cast(conversations.cancelled_at as date) as cancelled_date
from conversations
inner join persons
    on conversations.person_key = persons.person_key
left join covering_spells
    on conversations.conversation_id = covering_spells.conversation_id
