{#-
    Shapes of the "persons at month end" indicators (I05, I11, S05, S13, S16, S17, S18, S21,
    X03). The base is int_persons_at_month_end: one row per person and month whose last day an
    effective spell covers, aged 16-66 at the month end, with the covering spell's target group
    and municipality (the measurement date of these indicators is the month end).
    Also the shape of the event-dated shares I04 and X06 (event_share_cells, at the end).
-#}

{#-
    month_end_persons: the persons at month end of one population, one row per person and
    month, with the base's columns (and, with chain_set, chain_key, chain_first_day,
    chain_first_hours_per_week and chain_duration).

    set_name: a set of target_group_sets.csv the covering spell's target group must be in; or
    target_group: one target group; or
    benefit_code: one benefit code (e.g. selvforsoergelsesydelse, both of its target groups).
    chain_set: the chain model int_chain_spells__<chain_set> whose chain the covering spell
      belongs to (the spell must be in that chain's set; the chain models are at spell grain,
      so the covering spell is joined by spell_id). Duration at month end = month end - first day.
    min_duration / max_duration: keep chain durations in [min_duration, max_duration)
      (either may be none for an open end).
-#}
{% macro month_end_persons(set_name=none, target_group=none, benefit_code=none, chain_set=none,
                           min_duration=none, max_duration=none) -%}
{%- set duration = dbt.datediff('chains.chain_first_day', 'persons.month_end', 'day') -%}
{%- set conditions = [] -%}
{%- if set_name -%}
    {%- do conditions.append("persons.target_group in (select target_group from " ~ ref('target_group_sets')
        ~ " where set_name = '" ~ set_name ~ "')") -%}
{%- endif -%}
{%- if target_group -%}
    {%- do conditions.append("persons.target_group = '" ~ target_group ~ "'") -%}
{%- endif -%}
{%- if benefit_code -%}
    {%- do conditions.append("persons.benefit_code = '" ~ benefit_code ~ "'") -%}
{%- endif -%}
{%- if min_duration is not none -%}
    {%- do conditions.append(duration ~ " >= " ~ min_duration) -%}
{%- endif -%}
{%- if max_duration is not none -%}
    {%- do conditions.append(duration ~ " < " ~ max_duration) -%}
{%- endif -%}
select
    persons.*
    {%- if chain_set %},
    chains.chain_key,
    chains.chain_first_day,
    chains.chain_first_hours_per_week,
    {{ duration }} as chain_duration
    {%- endif %}
from {{ ref('int_persons_at_month_end') }} as persons
{%- if chain_set %}
inner join {{ ref('int_chain_spells__' ~ chain_set) }} as chains
    on persons.spell_id = chains.spell_id
{%- endif %}
{%- if conditions %}
where
    {{ conditions | join('\n    and ') }}
{%- endif %}
{%- endmacro %}

{#-
    month_end_share_cells: indicator cells of a share of persons at month end. `persons` names
    a relation with one row per person and month (person_key, month_start, municipality_code,
    origin_group, gender, age_band, target_group); each row adds 1 to the denominator and 1 to
    the numerator when it is counted:
    counted: a SQL condition on the persons' columns (NULL counts as false); or
    matched: a relation of (person_key, month_start) pairs, duplicates allowed: the persons
      with a matching pair are counted.
-#}
{% macro month_end_share_cells(persons, counted=none, matched=none) -%}
select
    persons.month_start as period_start,
    persons.municipality_code,
    persons.origin_group,
    persons.gender,
    persons.age_band,
    persons.target_group,
    {%- if matched %}
    case when matched.person_key is not null then 1 else 0 end as numerator,
    {%- else %}
    case when {{ counted }} then 1 else 0 end as numerator,
    {%- endif %}
    1 as denominator
from {{ persons }} as persons
{%- if matched %}
left join (select distinct person_key, month_start from {{ matched }}) as matched
    on
        persons.person_key = matched.person_key
        and persons.month_start = matched.month_start
{%- endif %}
{%- endmacro %}

{#-
    held_conversations_cells: "persons at month end on chain set S with chain duration at
    month end in [min_duration, max_duration) -> those with at least min_held held
    conversations in window W" (S13, S16, S17). A held conversation is status `afholdt`,
    dated by scheduled_date (int_conversations__enriched.is_held).

    chain_set: the chain model's set (sygedagpenge, a_dagpenge); the covering spell is in it.
    window_days: W = the window_days days ending at month end, [month end - (window_days - 1),
      month end] (91 -> [month end - 90, month end]); none: W = [chain first day, month end].
-#}
{% macro held_conversations_cells(chain_set, min_duration, max_duration, min_held, window_days=none) -%}
with persons as (

    {{ month_end_persons(chain_set=chain_set, min_duration=min_duration, max_duration=max_duration) | indent(4) }}

),

held_conversations as (

    select
        person_key,
        scheduled_date
    from {{ ref('int_conversations__enriched') }}
    where is_held

),

-- Persons with at least min_held held conversations dated inside the window W.
enough_held as (

    select
        persons.person_key,
        persons.month_start
    from persons
    inner join held_conversations
        on
            persons.person_key = held_conversations.person_key
            and held_conversations.scheduled_date <= persons.month_end
            {%- if window_days is none %}
            and held_conversations.scheduled_date >= persons.chain_first_day
            {%- else %}
            and held_conversations.scheduled_date
            >= cast({{ dbt.dateadd('day', -(window_days - 1), 'persons.month_end') }} as date)
            {%- endif %}
    group by 1, 2
    having count(*) >= {{ min_held }}

)

{{ month_end_share_cells('persons', matched='enough_held') }}
{%- endmacro %}

{#-
    event_share_cells: indicator cells of a share of events dated in month m (I04, X06).
    `events` names a relation with one row per event in the denominator, carrying the
    event-dated dimensions: municipality_code and target_group of the spell covering the event
    date (else `uden_ydelse` with the municipality from `persons`), origin_group, gender.
    event_date: the column dating the event (it falls in month m).
    age: the column with the age at the event date; only ages 16-66 are counted.
    counted: a SQL condition for the numerator on the columns of `events` (aliased `events`;
      NULL counts as false).
-#}
{% macro event_share_cells(events, event_date, age, counted) -%}
select
    months.month_start as period_start,
    events.municipality_code,
    events.origin_group,
    events.gender,
    {{ age_band('events.' ~ age) }} as age_band,
    events.target_group,
    case when {{ counted }} then 1 else 0 end as numerator,
    1 as denominator
from {{ events }} as events
inner join {{ ref('dim_month') }} as months
    on events.{{ event_date }} between months.month_start and months.month_end
where events.{{ age }} between 16 and 66
{%- endmacro %}
