{#- S17: persons at month end on a_dagpenge with chain duration in [91, 182) -> at least 2 held
    conversations in the 91 days ending at month end, [month end - 90, month end]. -#}
with cells as (
    {{ held_conversations_cells(chain_set='a_dagpenge', min_duration=91, max_duration=182, min_held=2, window_days=91) }}
)

{{ indicator_output('S17', 'cells') }}
