{#- I25: persons during m in UNEMPLOYED or the aktivitetsparate family -> COMPANY placement during m. -#}
with cells as (
    {{ persons_with_placement_cells(set_name='i25_ledige_og_aktivitetsparate', offer_flag='is_company_directed') }}
)

{{ indicator_output('I25', 'cells') }}
