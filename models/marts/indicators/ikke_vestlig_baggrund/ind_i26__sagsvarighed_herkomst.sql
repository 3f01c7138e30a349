{#- I26: UNEMPLOYED chains ending in m -> numerator: sum of durations in days (last covered
    day - first day), denominator: number of chains; value = mean days. -#}
with cells as (
    {{ chain_cohort_cells('unemployed', outcome='duration', cohort='last_day') }}
)

{{ indicator_output('I26', 'cells', lag_days=28) }}
