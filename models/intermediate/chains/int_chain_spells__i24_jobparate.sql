{{ chain_spells('i24_jobparate') }}
