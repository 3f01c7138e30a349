{{ chain_spells(target_group='jobafklaring') }}
