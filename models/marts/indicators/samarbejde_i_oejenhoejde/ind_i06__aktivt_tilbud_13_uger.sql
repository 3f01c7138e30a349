{#- I06: UNEMPLOYED chains whose first day is in m -> those with an ACTIVE_OFFER placement
    starting in [first day, first day + 91). -#}
with cells as (
    {{ chain_cohort_cells('unemployed', outcome='placement', window_days=91, offer_flag='is_active_offer') }}
)

{{ indicator_output('I06', 'cells', lag_days=91) }}
