{#- S10: persons during m in kontanthjaelp_aktivitetsparat -> COMPANY placement during m. -#}
with cells as (
    {{ persons_with_placement_cells(target_group='kontanthjaelp_aktivitetsparat', offer_flag='is_company_directed') }}
)

{{ indicator_output('S10', 'cells') }}
