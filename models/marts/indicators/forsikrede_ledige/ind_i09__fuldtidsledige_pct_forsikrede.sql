{#- I09: insured -> full-time a_dagpenge. -#}
with cells as (
    {{ fulltime_rate_cells(numerator_target_group='a_dagpenge', denominator='insured') }}
)

{{ indicator_output('I09', 'cells') }}
