{#- I13: labour force -> full-time sygedagpenge. -#}
with cells as (
    {{ fulltime_rate_cells(numerator_target_group='sygedagpenge', denominator='labour_force') }}
)

{{ indicator_output('I13', 'cells') }}
