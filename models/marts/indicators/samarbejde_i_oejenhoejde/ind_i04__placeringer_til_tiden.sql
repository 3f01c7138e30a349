{#- I04: placements starting in m -> those registered (calendar date of registered_at) on or
    before their start date. Dimensions from the person on the start date. -#}
with placements as (

    select * from {{ ref('int_placements__enriched') }}

),

-- "registered on or before their start date" (timestamps are compared by calendar date)
cells as (
    {{ event_share_cells('placements', event_date='start_date', age='age_at_start_date',
        counted='events.registered_date <= events.start_date') }}
)

{{ indicator_output('I04', 'cells') }}
