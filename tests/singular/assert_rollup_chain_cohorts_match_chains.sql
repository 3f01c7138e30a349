{#-
    Additivity of fct_indicator_rollups against an independent count (chain cohorts).
    A chain cohort indicator counts each chain of its set whose first day is in m once, in
    the cell of its first day (aged 16-66 at the first day). So for I06 (unemployed), I10
    (a_dagpenge), I24 (i24_jobparate), S12 (sygedagpenge) and X01 (chains per single target
    group, ACTIVE_GROUPS only) and every reported month, the sum over ALL municipalities of
    the `total` rows' denominators (X01, a count: its numerators) equals the number of
    distinct chains in int_chain_spells__<set> with chain_first_day in the month and
    age_at_first_day 16-66. Counted from the chain spells directly, not from int_chains or
    the marts. Returns the indicator-months that differ.
-#}
{%- set cohorts = [
    {'indicator_id': 'I06', 'chain_set': 'unemployed', 'target_group_set': none},
    {'indicator_id': 'I10', 'chain_set': 'a_dagpenge', 'target_group_set': none},
    {'indicator_id': 'I24', 'chain_set': 'i24_jobparate', 'target_group_set': none},
    {'indicator_id': 'S12', 'chain_set': 'sygedagpenge', 'target_group_set': none},
    {'indicator_id': 'X01', 'chain_set': 'per_target_group', 'target_group_set': 'active_groups'},
] -%}

with rollups as (

    select * from {{ ref('fct_indicator_rollups') }}

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

-- "The chain's first day is its first spell's start"; age at the first day, 16-66 only.
chains as (
    {%- for cohort in cohorts %}

    select distinct
        '{{ cohort.indicator_id }}' as indicator_id,
        chain_key,
        cast({{ dbt.date_trunc('month', 'chain_first_day') }} as date) as period_start
    from {{ ref('int_chain_spells__' ~ cohort.chain_set) }}
    where
        age_at_first_day between 16 and 66
        {%- if cohort.target_group_set %}
        and chain_target_group in (
            select target_group_sets.target_group from target_group_sets
            where target_group_sets.set_name = '{{ cohort.target_group_set }}'
        )
        {%- endif %}
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}

),

-- "A month is reported once month end + L <= as-of", from reporting_start on.
reported_periods as (
    {{ reported_periods_by_indicator('select distinct chains.indicator_id from chains') }}
),

expected as (

    select
        chains.indicator_id,
        chains.period_start,
        count(distinct chains.chain_key) as chains
    from chains
    inner join reported_periods
        on
            chains.indicator_id = reported_periods.indicator_id
            and chains.period_start = reported_periods.period_start
    group by 1, 2

),

-- Every municipality's total, summed: each chain is in one municipality only.
actual as (

    select
        rollups.indicator_id,
        rollups.period_start,
        sum(case when indicators.unit = 'count' then rollups.numerator else rollups.denominator end) as chains
    from rollups
    inner join indicators
        on rollups.indicator_id = indicators.indicator_id
    where
        rollups.breakdown = 'total'
        and rollups.indicator_id in (select distinct chains.indicator_id from chains)
    group by 1, 2

)

select
    coalesce(actual.indicator_id, expected.indicator_id) as indicator_id,
    coalesce(actual.period_start, expected.period_start) as period_start,
    actual.chains as rollup_chains,
    expected.chains as expected_chains
from actual
full outer join expected
    on
        actual.indicator_id = expected.indicator_id
        and actual.period_start = expected.period_start
where abs(coalesce(actual.chains, 0) - coalesce(expected.chains, 0)) > 1e-6
