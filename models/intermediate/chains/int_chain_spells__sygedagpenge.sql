{{ chain_spells(target_group='sygedagpenge') }}
