{#- S16: persons at month end on a_dagpenge with chain duration in [46, 91) -> at least 1 held
    conversation between the chain's first day and month end (inclusive). -#}
with cells as (
    {{ held_conversations_cells(chain_set='a_dagpenge', min_duration=46, max_duration=91, min_held=1) }}
)

{{ indicator_output('S16', 'cells') }}
