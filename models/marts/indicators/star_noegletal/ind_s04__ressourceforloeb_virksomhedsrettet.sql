{#- S04: persons during m in ressourceforloeb -> COMPANY placement during m. -#}
with cells as (
    {{ persons_with_placement_cells(target_group='ressourceforloeb', offer_flag='is_company_directed') }}
)

{{ indicator_output('S04', 'cells') }}
