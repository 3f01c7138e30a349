{#-
    Additivity of fct_indicator_rollups against an independent count (full-time persons).
    For the indicators whose numerator is the full-time persons of a set (I01, I09, I13, I22,
    S03, S11, S15), the `total` row's numerator of every municipality and reported month
    equals the sum of fulltime_fraction in int_spell_months over the effective spells of the
    set's target groups in that municipality and month, for persons aged 16-66 at the last day
    of the month ("Full-time persons count each spell in its own municipality and target
    group"). The sets are those the marts name. Computed from the spell months directly, not
    from int_fulltime__monthly or the marts. Returns the municipality-months that differ by
    more than 1e-6.
-#}
{%- set indicator_sets = [
    {'indicator_id': 'I01', 'set_name': 'unemployed', 'target_group': none},
    {'indicator_id': 'I09', 'set_name': none, 'target_group': 'a_dagpenge'},
    {'indicator_id': 'I13', 'set_name': none, 'target_group': 'sygedagpenge'},
    {'indicator_id': 'I22', 'set_name': 'public', 'target_group': none},
    {'indicator_id': 'S03', 'set_name': 's03_udsatte', 'target_group': none},
    {'indicator_id': 'S11', 'set_name': 's11_syge_jobafklaring', 'target_group': none},
    {'indicator_id': 'S15', 'set_name': none, 'target_group': 'a_dagpenge'},
] -%}

with rollups as (

    select * from {{ ref('fct_indicator_rollups') }}

),

spell_months as (

    select * from {{ ref('int_spell_months') }}

),

target_group_sets as (

    select * from {{ ref('target_group_sets') }}

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

months as (

    select * from {{ ref('dim_month') }}

),

parameters as (

    select * from {{ ref('int_reporting__parameters') }}

),

-- The numerator set of each indicator (the set the mart names): a set of
-- target_group_sets.csv, or one target group.
indicator_target_groups as (
    {{ indicator_target_groups(indicator_sets) }}
),

-- "A month is reported once month end + L <= as-of", from reporting_start on.
reported_periods as (
    {{ reported_periods_by_indicator('select distinct indicator_target_groups.indicator_id from indicator_target_groups') }}
),

expected as (

    select
        indicator_target_groups.indicator_id,
        spell_months.municipality_code,
        spell_months.month_start as period_start,
        sum(spell_months.fulltime_fraction) as numerator
    from spell_months
    inner join indicator_target_groups
        on spell_months.target_group = indicator_target_groups.target_group
    inner join reported_periods
        on
            indicator_target_groups.indicator_id = reported_periods.indicator_id
            and spell_months.month_start = reported_periods.period_start
    where spell_months.age_at_month_end between 16 and 66
    group by 1, 2, 3

),

actual as (

    select
        indicator_id,
        municipality_code,
        period_start,
        numerator
    from rollups
    where
        breakdown = 'total'
        and indicator_id in (select distinct indicator_target_groups.indicator_id from indicator_target_groups)

)

select
    coalesce(actual.indicator_id, expected.indicator_id) as indicator_id,
    coalesce(actual.municipality_code, expected.municipality_code) as municipality_code,
    coalesce(actual.period_start, expected.period_start) as period_start,
    actual.numerator as rollup_numerator,
    expected.numerator as expected_numerator
from actual
full outer join expected
    on
        actual.indicator_id = expected.indicator_id
        and actual.municipality_code = expected.municipality_code
        and actual.period_start = expected.period_start
where abs(coalesce(actual.numerator, 0) - coalesce(expected.numerator, 0)) > 1e-6
