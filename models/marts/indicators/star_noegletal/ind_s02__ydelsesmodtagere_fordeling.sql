{#-
    S02: population 16-66 -> full-time persons per target group (every target group); the
    population cell is repeated on each target group's row (not additive over target group).
-#}
with cells as (
    {{ fulltime_by_target_group_cells() }}
)

{{ indicator_output('S02', 'cells') }}
