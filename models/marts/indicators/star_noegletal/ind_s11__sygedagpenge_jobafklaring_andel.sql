{#- S11: population 16-66 -> full-time sygedagpenge + jobafklaring. -#}
with cells as (
    {{ fulltime_rate_cells(numerator_set='s11_syge_jobafklaring', denominator='population') }}
)

{{ indicator_output('S11', 'cells') }}
