{#- I24: chains over {a_dagpenge, kontanthjaelp_jobparat, selvforsoergelsesydelse_jobparat}
    with first day in m -> those covered by a spell in that set on day first day + 91. -#}
with cells as (
    {{ chain_cohort_cells('i24_jobparate', outcome='covered', window_days=91) }}
)

{{ indicator_output('I24', 'cells', lag_days=91) }}
