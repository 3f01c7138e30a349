{#- I21: persons during m on uddannelseshjaelp (both target groups) -> COMPANY placement during m. -#}
with cells as (
    {{ persons_with_placement_cells(set_name='uddannelseshjaelp', offer_flag='is_company_directed') }}
)

{{ indicator_output('I21', 'cells') }}
