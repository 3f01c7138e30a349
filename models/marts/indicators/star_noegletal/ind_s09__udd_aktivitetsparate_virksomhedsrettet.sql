{#- S09: persons during m in uddannelseshjaelp_aktivitetsparat -> COMPANY placement during m. -#}
with cells as (
    {{ persons_with_placement_cells(target_group='uddannelseshjaelp_aktivitetsparat', offer_flag='is_company_directed') }}
)

{{ indicator_output('S09', 'cells') }}
