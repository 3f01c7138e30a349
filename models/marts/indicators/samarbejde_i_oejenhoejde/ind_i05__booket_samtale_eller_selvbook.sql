{#- I05: persons at month end in ACTIVE_GROUPS -> those with a conversation (any type) invited on
    or before month end, not cancelled by month end, whose coalesce(scheduled_date,
    self_book_deadline) is after month end. -#}
with persons as (
    {{ month_end_persons(set_name='active_groups') }}
),

conversations as (

    select * from {{ ref('int_conversations__enriched') }}

),

-- "invited_at <= month end, not cancelled by month end (status <> aflyst or cancelled_at >
-- month end; an aflyst row without cancelled_at counts as cancelled), and
-- coalesce(scheduled_date, self_book_deadline) > month end"; timestamps by calendar date.
booked_persons as (

    select
        persons.person_key,
        persons.month_start
    from persons
    inner join conversations
        on
            persons.person_key = conversations.person_key
            and persons.month_end >= conversations.invited_date
            and coalesce(conversations.scheduled_date, conversations.self_book_deadline) > persons.month_end
            and (
                conversations.status <> 'aflyst'
                or coalesce(persons.month_end < conversations.cancelled_date, false)
            )

),

cells as (
    {{ month_end_share_cells('persons', matched='booked_persons') }}
)

{{ indicator_output('I05', 'cells') }}
