{#- S12: sygedagpenge chains with first day in m -> those with a delvis_raskmelding,
    virksomhedspraktik, loentilskud_privat or loentilskud_offentlig placement starting in
    [first day, first day + 91). -#}
with cells as (
    {{ chain_cohort_cells('sygedagpenge', outcome='placement', window_days=91, offer_set='s12_tidlig') }}
)

{{ indicator_output('S12', 'cells', lag_days=91) }}
