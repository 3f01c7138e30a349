{{ chain_spells(target_group='fleksjob') }}
