{#- I12: persons during m on a_dagpenge -> those with a COMPANY placement during m. -#}
with cells as (
    {{ persons_with_placement_cells(target_group='a_dagpenge', offer_flag='is_company_directed') }}
)

{{ indicator_output('I12', 'cells') }}
