{#- I15: persons during m in kontanthjaelp_aktivitetsparat or ressourceforloeb -> COMPANY placement during m. -#}
with cells as (
    {{ persons_with_placement_cells(set_name='i15', offer_flag='is_company_directed') }}
)

{{ indicator_output('I15', 'cells') }}
