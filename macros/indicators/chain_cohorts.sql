{#-
    Shape "chains of set S in month m -> those with an outcome" (I06, I07, I10, I24, I26, S12,
    X01, X02). Reads int_chains (one row per chain per set) and returns indicator cells (see
    indicator_output) with one row per chain: dimensions at the chain's first day (target
    group and municipality of the first spell, age at the first day, ages 16-66 only),
    numerator = the chain's outcome, denominator = 1.

    chain_set: the set_name of int_chains (= the int_chain_spells__<set> model).
    cohort: 'first_day' (chains whose first day is in m) or 'last_day' (chains whose last
        covered day is in m; running chains, whose last covered day is the as-of date, are
        left out: they have not ended).
    target_group_set: keep only chains whose target group is in this set of
        target_group_sets.csv (X01/X02: ACTIVE_GROUPS over the per-target-group chains).
    min_covered_days: keep only chains whose last covered day >= first day + N (I07).
    outcome: the numerator per chain:
        'count'      - 1 (count indicators);
        'placement'  - 1 if a placement of the offer types given by offer_flag (a boolean column
                       of offer_types.csv) or offer_set (a set of offer_type_sets.csv) starts in
                       [first day, first day + window_days);
        'held_conversations' - 1 if at least min_events held conversations (status afholdt,
                       dated by scheduled_date) fall in [first day, first day + window_days);
        'covered'    - 1 if a spell of the chain set (any chain of the person, any target group
                       of the set, any municipality) covers day first day + window_days;
        'duration'   - last covered day - first day, in days.
-#}
{% macro chain_cohort_cells(chain_set, outcome='count', cohort='first_day', window_days=none,
                            target_group_set=none, min_covered_days=none, offer_flag=none,
                            offer_set=none, min_events=1) -%}
{%- if outcome not in ['count', 'placement', 'held_conversations', 'covered', 'duration'] -%}
    {{ exceptions.raise_compiler_error("chain_cohort_cells: unknown outcome '" ~ outcome ~ "'") }}
{%- endif -%}
{%- if outcome in ['placement', 'held_conversations', 'covered'] and window_days is none -%}
    {{ exceptions.raise_compiler_error("chain_cohort_cells: outcome '" ~ outcome ~ "' needs window_days") }}
{%- endif -%}
with chains as (

    select * from {{ ref('int_chains') }}
    where set_name = '{{ chain_set }}'

),

{%- if target_group_set %}

target_group_sets as (

    select * from {{ ref('target_group_sets') }}
    where set_name = '{{ target_group_set }}'

),
{%- endif %}

-- Chain cohorts take their dimensions at the chain's first day; only ages 16-66 are counted.
cohort as (

    select
        chains.*,
        {%- if cohort == 'last_day' %}
        chains.last_month_start as period_start
        {%- else %}
        chains.first_month_start as period_start
        {%- endif %}
    from chains
    where
        chains.age_band_at_first_day is not null
        {%- if cohort == 'last_day' %}
        and not chains.is_running
        {%- endif %}
        {%- if target_group_set %}
        and chains.chain_target_group in (select target_group_sets.target_group from target_group_sets)
        {%- endif %}
        {%- if min_covered_days is not none %}
        and chains.chain_last_day >= {{ dbt.dateadd('day', min_covered_days, 'chains.chain_first_day') }}
        {%- endif %}

),
{%- if outcome == 'placement' %}

placements as (

    select * from {{ ref('stg_extracts__placements') }}

),

offer_types as (

    {%- if offer_flag %}
    select offer_type from {{ ref('offer_types') }}
    where {{ offer_flag }}
    {%- else %}
    select offer_type from {{ ref('offer_type_sets') }}
    where set_name = '{{ offer_set }}'
    {%- endif %}

),

-- A placement of the offer types starting in [first day, first day + {{ window_days }}).
outcomes as (

    select distinct cohort.chain_key
    from cohort
    inner join placements
        on
            cohort.person_key = placements.person_key
            and placements.start_date >= cohort.chain_first_day
            and placements.start_date < {{ dbt.dateadd('day', window_days, 'cohort.chain_first_day') }}
    inner join offer_types
        on placements.offer_type = offer_types.offer_type

),
{%- elif outcome == 'held_conversations' %}

conversations as (

    select * from {{ ref('int_conversations__enriched') }}
    where is_held

),

-- At least {{ min_events }} held conversations (status afholdt, dated by scheduled_date)
-- in [first day, first day + {{ window_days }}).
outcomes as (

    select cohort.chain_key
    from cohort
    inner join conversations
        on
            cohort.person_key = conversations.person_key
            and conversations.scheduled_date >= cohort.chain_first_day
            and conversations.scheduled_date < {{ dbt.dateadd('day', window_days, 'cohort.chain_first_day') }}
    group by cohort.chain_key
    having count(*) >= {{ min_events }}

),
{%- elif outcome == 'covered' %}

spells as (

    select * from {{ ref('int_chain_spells__' ~ chain_set) }}

),

-- Still covered on day first day + {{ window_days }} by an effective spell of the set
-- (any target group of the set, any municipality).
outcomes as (

    select distinct cohort.chain_key
    from cohort
    inner join spells
        on
            cohort.person_key = spells.person_key
            and spells.start_date <= {{ dbt.dateadd('day', window_days, 'cohort.chain_first_day') }}
            and spells.effective_end_date >= {{ dbt.dateadd('day', window_days, 'cohort.chain_first_day') }}

),
{%- endif %}

chain_cells as (

    select
        cohort.chain_municipality_code as municipality_code,
        cohort.period_start,
        cohort.origin_group,
        cohort.gender,
        cohort.age_band_at_first_day as age_band,
        cohort.chain_target_group as target_group,
        {%- if outcome == 'count' %}
        1 as numerator,
        {%- elif outcome == 'duration' %}
        cohort.duration_days as numerator,
        {%- else %}
        case when outcomes.chain_key is not null then 1 else 0 end as numerator,
        {%- endif %}
        1 as denominator
    from cohort
    {%- if outcome in ['placement', 'held_conversations', 'covered'] %}
    left join outcomes
        on cohort.chain_key = outcomes.chain_key
    {%- endif %}

)

select * from chain_cells
{%- endmacro %}
