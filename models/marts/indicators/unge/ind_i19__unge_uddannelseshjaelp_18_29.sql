{#- I19: population aged 18-29 -> full-time uddannelseshjaelp (both target groups) aged 18-29. -#}
with cells as (
    {{ fulltime_rate_cells(numerator_set='uddannelseshjaelp', denominator='population', min_age=18, max_age=29) }}
)

{{ indicator_output('I19', 'cells') }}
