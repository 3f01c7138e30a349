{#- X01: ACTIVE_GROUPS chains, per single target group, whose first day is in m (count). -#}
with cells as (
    {{ chain_cohort_cells('per_target_group', target_group_set='active_groups') }}
)

{{ indicator_output('X01', 'cells', measure='count') }}
