{#- X06: conversations scheduled in m with status afholdt or udeblevet -> those udeblevet.
    Dimensions from the person on the scheduled date. -#}
with conversations as (

    select * from {{ ref('int_conversations__enriched') }}

),

-- "conversations scheduled in m with status afholdt or udeblevet"
attended_or_missed as (

    select *
    from conversations
    where status in ('afholdt', 'udeblevet')

),

cells as (
    {{ event_share_cells('attended_or_missed', event_date='scheduled_date', age='age_at_scheduled_date',
        counted="events.status = 'udeblevet'") }}
)

{{ indicator_output('X06', 'cells') }}
