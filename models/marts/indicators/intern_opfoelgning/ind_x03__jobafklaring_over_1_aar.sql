{#- X03: persons at month end on jobafklaring -> those whose jobafklaring chain duration at month
    end (month end - chain first day) is at least 364 days (52 weeks). -#}
with persons as (
    {{ month_end_persons(chain_set='jobafklaring') }}
),

cells as (
    {{ month_end_share_cells('persons', 'chain_duration >= 364') }}
)

{{ indicator_output('X03', 'cells') }}
