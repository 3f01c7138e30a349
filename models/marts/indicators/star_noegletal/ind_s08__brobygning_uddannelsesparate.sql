{#- S08: persons during m in uddannelseshjaelp_uddannelsesparat -> brobygning placement during m. -#}
with cells as (
    {{ persons_with_placement_cells(target_group='uddannelseshjaelp_uddannelsesparat', offer_set='brobygning') }}
)

{{ indicator_output('S08', 'cells') }}
