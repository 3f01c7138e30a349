{#-
    Additivity of fct_indicator_rollups against an independent count (persons during m).
    "Persons during m in S: distinct persons with at least one effective-spell day in m in S",
    each put in ONE cell (the municipality and target group of their latest-starting spell of
    S). So for every "persons during m" indicator (I03, I12, I14, I15, I21, I25, I27, S04,
    S08, S09, S10, S14, X04) and reported month, the sum over ALL municipalities of the
    `total` rows' denominators equals the number of distinct persons with a row in
    int_spell_months for a target group of S in that month, aged 16-66 at the last day of the
    month. A person counted twice, or lost, breaks it. The sets are those the marts name.
    Returns the indicator-months that differ.
-#}
{%- set indicator_sets = [
    {'indicator_id': 'I03', 'set_name': 'active_groups', 'target_group': none},
    {'indicator_id': 'I12', 'set_name': none, 'target_group': 'a_dagpenge'},
    {'indicator_id': 'I14', 'set_name': none, 'target_group': 'sygedagpenge'},
    {'indicator_id': 'I15', 'set_name': 'i15', 'target_group': none},
    {'indicator_id': 'I21', 'set_name': 'uddannelseshjaelp', 'target_group': none},
    {'indicator_id': 'I25', 'set_name': 'i25_ledige_og_aktivitetsparate', 'target_group': none},
    {'indicator_id': 'I27', 'set_name': 'i27_kontant_udd_selv', 'target_group': none},
    {'indicator_id': 'S04', 'set_name': none, 'target_group': 'ressourceforloeb'},
    {'indicator_id': 'S08', 'set_name': none, 'target_group': 'uddannelseshjaelp_uddannelsesparat'},
    {'indicator_id': 'S09', 'set_name': none, 'target_group': 'uddannelseshjaelp_aktivitetsparat'},
    {'indicator_id': 'S10', 'set_name': none, 'target_group': 'kontanthjaelp_aktivitetsparat'},
    {'indicator_id': 'S14', 'set_name': none, 'target_group': 'jobafklaring'},
    {'indicator_id': 'X04', 'set_name': 'active_groups', 'target_group': none},
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

-- The population S of each indicator (the set the mart names): a set of
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
        spell_months.month_start as period_start,
        count(distinct spell_months.person_key) as persons
    from spell_months
    inner join indicator_target_groups
        on spell_months.target_group = indicator_target_groups.target_group
    inner join reported_periods
        on
            indicator_target_groups.indicator_id = reported_periods.indicator_id
            and spell_months.month_start = reported_periods.period_start
    where spell_months.age_at_month_end between 16 and 66
    group by 1, 2

),

-- Every municipality's total, summed: each person is in one municipality only.
actual as (

    select
        indicator_id,
        period_start,
        sum(denominator) as persons
    from rollups
    where
        breakdown = 'total'
        and indicator_id in (select distinct indicator_target_groups.indicator_id from indicator_target_groups)
    group by 1, 2

)

select
    coalesce(actual.indicator_id, expected.indicator_id) as indicator_id,
    coalesce(actual.period_start, expected.period_start) as period_start,
    actual.persons as rollup_persons,
    expected.persons as expected_persons
from actual
full outer join expected
    on
        actual.indicator_id = expected.indicator_id
        and actual.period_start = expected.period_start
where abs(coalesce(actual.persons, 0) - coalesce(expected.persons, 0)) > 1e-6
