{{ chain_spells(target_group='a_dagpenge') }}
