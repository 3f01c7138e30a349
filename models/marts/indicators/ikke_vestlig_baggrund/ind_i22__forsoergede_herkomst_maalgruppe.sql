{#-
    I22: population 16-66 -> full-time PUBLIC, split by target group; the population cell is
    repeated on each target group's row (not additive over target group).
-#}
with cells as (
    {{ fulltime_by_target_group_cells(numerator_set='public') }}
)

{{ indicator_output('I22', 'cells') }}
