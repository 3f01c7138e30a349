{#- I10: a_dagpenge chains with first day in m -> those with an a_dagpenge spell (any
    municipality) covering day first day + 91. -#}
with cells as (
    {{ chain_cohort_cells('a_dagpenge', outcome='covered', window_days=91) }}
)

{{ indicator_output('I10', 'cells', lag_days=91) }}
