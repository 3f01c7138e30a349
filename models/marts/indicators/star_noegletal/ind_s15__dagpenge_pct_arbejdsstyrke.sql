{#- S15: labour force -> full-time a_dagpenge. -#}
with cells as (
    {{ fulltime_rate_cells(numerator_target_group='a_dagpenge', denominator='labour_force') }}
)

{{ indicator_output('S15', 'cells') }}
