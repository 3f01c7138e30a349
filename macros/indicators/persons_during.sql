{#-
    Shapes of the "persons during m" indicators (I03, I12, I14, I15, I21, I25, I27, S04, S08,
    S09, S10, S14, S20, X04; I08 takes its cells from persons_during_month too).

    Persons during m in S (INDICATORS.md): distinct persons with at least one effective-spell
    day in m in S. Their target group and municipality are those of their latest-starting
    such spell overlapping m; age at the last day of m (16-66 only). A person is in one cell.
    Placement during m: the placement's [start, end] overlaps m (a NULL end is still running).
-#}

{#-
    persons_during_month: one row per person and month with at least one day in an effective
    spell of the population S, with the cell of the latest-starting such spell overlapping
    the month (ties on the start date broken by the larger spell_id, as in the overlap rule)
    and the person's origin group, gender and age at the last day of the month. Only ages
    16-66 are kept. Columns: person_key, spell_id, month_start, month_end, municipality_code,
    benefit_code, target_group, target_group_family, origin_group, gender, birth_date,
    age_at_month_end, age_band.

    S is given by any combination of (all must hold; none given = every effective spell):
    set_name: a set of target_group_sets.csv;
    target_group: one target group;
    benefit_code: one benefit code (e.g. selvforsoergelsesydelse: both of its target groups);
    in_integration_programme: true to keep only spells flagged in the integration programme.
-#}
{% macro persons_during_month(set_name=none, target_group=none, benefit_code=none,
                              in_integration_programme=false) -%}
with spell_months as (

    select * from {{ ref('int_spell_months') }}

),

-- "Persons during m in S: distinct persons with at least one effective-spell day in m in S."
spells_in_set as (

    select *
    from spell_months
    where
        1 = 1
        {%- if set_name %}
        and target_group in (
            select target_group from {{ ref('target_group_sets') }} where set_name = '{{ set_name }}'
        )
        {%- endif %}
        {%- if target_group %}
        and target_group = '{{ target_group }}'
        {%- endif %}
        {%- if benefit_code %}
        and benefit_code = '{{ benefit_code }}'
        {%- endif %}
        {%- if in_integration_programme %}
        and in_integration_programme
        {%- endif %}

),

-- "Their target group and municipality are those of their latest-starting such spell
-- overlapping m."
ranked as (

    select
        spells_in_set.*,
        row_number() over (
            partition by spells_in_set.person_key, spells_in_set.month_start
            order by spells_in_set.start_date desc, spells_in_set.spell_id desc
        ) as spell_rank
    from spells_in_set

)

select
    person_key,
    spell_id,
    month_start,
    month_end,
    municipality_code,
    benefit_code,
    target_group,
    target_group_family,
    origin_group,
    gender,
    birth_date,
    age_at_month_end,
    {{ age_band('age_at_month_end') }} as age_band
from ranked
-- One person in one cell; ages 16-66 at the last day of m only.
where
    spell_rank = 1
    and age_at_month_end between 16 and 66
{%- endmacro %}

{#-
    placements_during_month: one row per placement and month it overlaps ([start, end]
    overlaps the month; a NULL end date is still running, so it overlaps every month from its
    start; a placement starting after the month does not). All columns of
    int_placements__enriched plus month_start and month_end.

    offer_set: a set of offer_type_sets.csv (e.g. 'praktik_loentilskud'); or
    offer_flag: a flag column of offer_types.csv: 'is_company_directed' (COMPANY) or
    'is_active_offer' (ACTIVE_OFFER).
-#}
{% macro placements_during_month(offer_set=none, offer_flag=none) -%}
{%- if offer_flag and offer_flag not in ('is_company_directed', 'is_active_offer') -%}
    {{ exceptions.raise_compiler_error("offer_flag must be 'is_company_directed' or 'is_active_offer', got " ~ offer_flag) }}
{%- endif -%}
with placements as (

    select * from {{ ref('int_placements__enriched') }}
    where
        1 = 1
        {%- if offer_set %}
        and offer_type in (
            select offer_type from {{ ref('offer_type_sets') }} where set_name = '{{ offer_set }}'
        )
        {%- endif %}
        {%- if offer_flag %}
        and {{ offer_flag }}
        {%- endif %}

),

months as (

    select * from {{ ref('dim_month') }}

)

-- "Placement during m: the placement's [start, end] overlaps m."
select
    placements.*,
    months.month_start,
    months.month_end
from placements
inner join months
    on
        placements.start_date <= months.month_end
        and (placements.end_date is null or placements.end_date >= months.month_start)
{%- endmacro %}

{#-
    persons_during_share_cells: indicator cells of "persons during m in S -> those with an
    event of set B in m". `persons` names a relation from persons_during_month (one row per
    person and month); `events` names a relation with person_key and month_start, one row per
    qualifying event (several per person and month are fine). Each person adds 1 to the
    denominator of their cell and 1 to the numerator when they have at least one event.
-#}
{% macro persons_during_share_cells(persons, events) -%}
select
    persons.month_start as period_start,
    persons.municipality_code,
    persons.origin_group,
    persons.gender,
    persons.age_band,
    persons.target_group,
    case when event_persons.person_key is not null then 1 else 0 end as numerator,
    1 as denominator
from {{ persons }} as persons
left join (
    select distinct
        person_key,
        month_start
    from {{ events }}
) as event_persons
    on
        persons.person_key = event_persons.person_key
        and persons.month_start = event_persons.month_start
{%- endmacro %}

{#-
    persons_with_placement_cells: the whole shape "persons during m in set A -> those with a
    placement of set B during m" (I12, I14, I15, I21, I25, S04, S08, S09, S10, S14, S20, X04).
    A is given as in persons_during_month (set_name / target_group / benefit_code /
    in_integration_programme), B as in placements_during_month (offer_set / offer_flag).
    The placement need only overlap m; it need not overlap the spell of A.
-#}
{% macro persons_with_placement_cells(set_name=none, target_group=none, benefit_code=none,
                                      in_integration_programme=false, offer_set=none, offer_flag=none) -%}
with persons_during as (

    {{ persons_during_month(set_name=set_name, target_group=target_group, benefit_code=benefit_code,
                           in_integration_programme=in_integration_programme) | indent(4) }}

),

placements_during as (

    {{ placements_during_month(offer_set=offer_set, offer_flag=offer_flag) | indent(4) }}

)

{{ persons_during_share_cells('persons_during', 'placements_during') }}
{%- endmacro %}

{#-
    events_by_month: one row per event of a relation, with person_key and the first day of
    the month of its date column (month_start), for persons_during_share_cells.
-#}
{% macro events_by_month(relation, date_column, where=none) -%}
select
    person_key,
    cast({{ dbt.date_trunc('month', date_column) }} as date) as month_start
from {{ relation }}
{%- if where %}
where {{ where }}
{%- endif %}
{%- endmacro %}
