{{ chain_spells(target_group='foertidspension') }}
