{#- I07: a_dagpenge chains with first day in m whose last covered day >= first day + 181 ->
    those with at least 4 held conversations in [first day, first day + 182). -#}
with cells as (
    {{ chain_cohort_cells('a_dagpenge', outcome='held_conversations', window_days=182,
                          min_covered_days=181, min_events=4) }}
)

{{ indicator_output('I07', 'cells', lag_days=182) }}
