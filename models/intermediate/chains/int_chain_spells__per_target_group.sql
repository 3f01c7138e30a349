{{ chain_spells(per_target_group=true) }}
