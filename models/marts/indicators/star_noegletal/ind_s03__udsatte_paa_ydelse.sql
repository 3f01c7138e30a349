{#- S03: population 16-66 -> full-time persons in the s03_udsatte set. -#}
with cells as (
    {{ fulltime_rate_cells(numerator_set='s03_udsatte', denominator='population') }}
)

{{ indicator_output('S03', 'cells') }}
