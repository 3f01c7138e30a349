{#- I14: persons during m on sygedagpenge -> those with a delvis_raskmelding placement during m. -#}
with cells as (
    {{ persons_with_placement_cells(target_group='sygedagpenge', offer_set='delvis_raskmelding') }}
)

{{ indicator_output('I14', 'cells') }}
