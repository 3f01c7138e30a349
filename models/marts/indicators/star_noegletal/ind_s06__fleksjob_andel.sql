{#- S06: full-time (fleksjob + ledighedsydelse) -> full-time fleksjob. -#}
with cells as (
    {{ fulltime_share_cells(numerator_target_group='fleksjob', denominator_set='fleksjobordning') }}
)

{{ indicator_output('S06', 'cells') }}
