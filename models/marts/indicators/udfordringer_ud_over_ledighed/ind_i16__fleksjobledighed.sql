{#- I16: full-time (ledighedsydelse + fleksjob) -> full-time ledighedsydelse. -#}
with cells as (
    {{ fulltime_share_cells(numerator_target_group='ledighedsydelse', denominator_set='fleksjobordning') }}
)

{{ indicator_output('I16', 'cells') }}
