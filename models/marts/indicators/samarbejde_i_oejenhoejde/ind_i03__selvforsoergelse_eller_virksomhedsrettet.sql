{#-
    I03: persons during m in ACTIVE_GROUPS -> those who in m exit to self-support from any
    PUBLIC spell or start a COMPANY placement (start date in m). Reported once m's end + 28
    days <= as-of date, when every exit in m is decidable.
-#}
with persons_during as (

    {{ persons_during_month(set_name='active_groups') | indent(4) }}

),

exits as (

    select * from {{ ref('int_exits__self_support') }}

),

placements as (

    select * from {{ ref('int_placements__enriched') }}

),

-- "I03 counts exits from any PUBLIC spell" (not only from ACTIVE_GROUPS spells) on a day in m.
exits_in_month as (

    {{ events_by_month('exits', 'exit_date') | indent(4) }}

),

-- "... and COMPANY placements whose start date is in m."
company_starts_in_month as (

    {{ events_by_month('placements', 'start_date', where='is_company_directed') | indent(4) }}

),

events as (

    select * from exits_in_month
    union all
    select * from company_starts_in_month

),

cells as (

    {{ persons_during_share_cells('persons_during', 'events') | indent(4) }}

)

{{ indicator_output('I03', 'cells', lag_days=28) }}
