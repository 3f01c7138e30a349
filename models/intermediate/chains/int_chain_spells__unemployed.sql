{{ chain_spells('unemployed') }}
