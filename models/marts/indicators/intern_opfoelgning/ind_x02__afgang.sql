{#- X02: ACTIVE_GROUPS chains, per single target group, whose last covered day is in m (count). -#}
with cells as (
    {{ chain_cohort_cells('per_target_group', cohort='last_day', target_group_set='active_groups') }}
)

{{ indicator_output('X02', 'cells', measure='count', lag_days=28) }}
