{#- I01: labour force -> full-time persons in UNEMPLOYED. -#}
with cells as (
    {{ fulltime_rate_cells(numerator_set='unemployed', denominator='labour_force') }}
)

{{ indicator_output('I01', 'cells') }}
