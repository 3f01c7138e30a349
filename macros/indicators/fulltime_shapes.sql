{#-
    Shapes built on full-time persons (int_fulltime__monthly) and on the yearly aggregated
    extracts, beside fulltime_rate_cells (fulltime_rate.sql). Each returns the `cells` of
    indicator_output(): period_start, municipality_code, origin_group, gender, age_band,
    target_group, numerator, denominator.
-#}

{#-
    fulltime_by_target_group_cells: full-time persons per target group over the population
    aged 16-66 (I22, S02). The population does not split by target group, so each target
    group's row repeats the population cell of its municipality, month, origin group, gender
    and age band (the denominator is NOT additive over target group), and a row exists only
    for target groups with a numerator above 0 in that cell.

    numerator_set: a set of target_group_sets.csv; none = every target group.
-#}
{% macro fulltime_by_target_group_cells(numerator_set=none) -%}
with fulltime as (

    select * from {{ ref('int_fulltime__monthly') }}

),

population as (

    select * from {{ ref('int_population__monthly') }}

),

-- Full-time persons count each spell in its own municipality and target group, age at the
-- last day of the month; only ages 16-66.
numerator_cells as (

    select
        month_start as period_start,
        municipality_code,
        origin_group,
        gender,
        {{ age_band('age') }} as age_band,
        target_group,
        sum(fulltime_persons) as numerator
    from fulltime
    where
        age between 16 and 66
        {%- if numerator_set %}
        and target_group in (
            select target_group from {{ ref('target_group_sets') }} where set_name = '{{ numerator_set }}'
        )
        {%- endif %}
    group by 1, 2, 3, 4, 5, 6

),

-- Population 16-66 of the quarter containing the month, grouped to the same bands.
population_cells as (

    select
        month_start as period_start,
        municipality_code,
        origin_group,
        gender,
        {{ age_band('age') }} as age_band,
        sum(coalesce(population, 0)) as denominator
    from population
    where age between 16 and 66
    group by 1, 2, 3, 4, 5

)

-- Only target groups with a numerator above 0, each repeating the population cell.
select
    n.period_start,
    n.municipality_code,
    n.origin_group,
    n.gender,
    n.age_band,
    n.target_group,
    n.numerator,
    coalesce(p.denominator, 0) as denominator
from numerator_cells as n
left join population_cells as p
    on
        n.period_start = p.period_start
        and n.municipality_code = p.municipality_code
        and n.origin_group = p.origin_group
        and n.gender = p.gender
        and n.age_band = p.age_band
where n.numerator > 0
{%- endmacro %}


{#-
    fulltime_share_cells: full-time persons of one target group over the full-time persons of
    a set containing it (I16: ledighedsydelse, S06: fleksjob, both over the fleksjobordning
    set), by month, municipality, origin group, gender and age band (age at the last day of
    the month, 16-66); target group `i_alt`. Both sides count each spell in its own
    municipality, so the numerator never exceeds the denominator.

    numerator_target_group: the one target group above the line.
    denominator_set: the set of target_group_sets.csv below the line.
-#}
{% macro fulltime_share_cells(numerator_target_group, denominator_set) -%}
with fulltime as (

    select * from {{ ref('int_fulltime__monthly') }}

),

denominator_groups as (

    select target_group from {{ ref('target_group_sets') }}
    where set_name = '{{ denominator_set }}'

)

-- Full-time persons of the set (denominator) and of the one group (numerator) per cell.
select
    fulltime.month_start as period_start,
    fulltime.municipality_code,
    fulltime.origin_group,
    fulltime.gender,
    {{ age_band('fulltime.age') }} as age_band,
    'i_alt' as target_group,
    sum(
        case when fulltime.target_group = '{{ numerator_target_group }}' then fulltime.fulltime_persons else 0 end
    ) as numerator,
    sum(fulltime.fulltime_persons) as denominator
from fulltime
inner join denominator_groups
    on fulltime.target_group = denominator_groups.target_group
where fulltime.age between 16 and 66
group by 1, 2, 3, 4, 5
{%- endmacro %}


{#-
    yearly_extract_cells: a yearly aggregated extract (education_attainment for I18,
    eud_applications for I20) as cells dated 1 January of its year; target group `i_alt`.

    source_model: the staging model; year_column: its year column.
    numerator / denominator: its count columns.
    person_dims: true when the extract carries origin_group, gender and a single-year `age`
    (the age band is taken from it); false for extracts with only the municipality, whose
    other dimensions are `i_alt`.
    min_age / max_age: ages counted when person_dims is true.
-#}
{% macro yearly_extract_cells(source_model, year_column, numerator, denominator, person_dims=true,
                              min_age=16, max_age=66) -%}
with source_rows as (

    select * from {{ ref(source_model) }}

),

-- A year's period_start is its 1 January (the first month of the calendar year).
years as (

    select
        calendar_year,
        year_start
    from {{ ref('dim_month') }}
    where calendar_month = 1

)

select
    years.year_start as period_start,
    source_rows.municipality_code,
    {%- if person_dims %}
    source_rows.origin_group,
    source_rows.gender,
    {{ age_band('source_rows.age') }} as age_band,
    {%- else %}
    'i_alt' as origin_group,
    'i_alt' as gender,
    'i_alt' as age_band,
    {%- endif %}
    'i_alt' as target_group,
    source_rows.{{ numerator }} as numerator,
    source_rows.{{ denominator }} as denominator
from source_rows
inner join years
    on source_rows.{{ year_column }} = years.calendar_year
{%- if person_dims %}
where source_rows.age between {{ min_age }} and {{ max_age }}
{%- endif %}
{%- endmacro %}
