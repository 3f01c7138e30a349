{#- S14: persons during m in jobafklaring -> virksomhedspraktik or loentilskud placement during m. -#}
with cells as (
    {{ persons_with_placement_cells(target_group='jobafklaring', offer_set='praktik_loentilskud') }}
)

{{ indicator_output('S14', 'cells') }}
