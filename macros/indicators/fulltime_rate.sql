{#-
    Shape "full-time persons of set S over a population count" (I01, I09, I13, I19, S03, S07,
    S11, S15, ...): cells by month, municipality, origin group, gender and age band (age at the
    last day of the month), target group `i_alt`.

    numerator_set / numerator_target_group: the set of target_group_sets.csv, or one target group.
    denominator: the population column: population, labour_force or insured. NULL values are
    skipped in the sums (a cell of only NULLs has denominator 0, value NULL).
    min_age / max_age: ages counted (16-66 unless an indicator narrows it).
    exclude_recent_permit: leave out persons whose residence permit date lies in
    [month end - 1825, month end] (S07).
-#}
{% macro fulltime_rate_cells(numerator_set=none, numerator_target_group=none, denominator='population',
                            min_age=16, max_age=66, exclude_recent_permit=false) -%}
with numerator_cells as (

    select
        month_start as period_start,
        municipality_code,
        origin_group,
        gender,
        age,
        sum(fulltime_persons) as numerator
    from {{ ref('int_fulltime__monthly') }}
    where
        age between {{ min_age }} and {{ max_age }}
        {%- if numerator_set %}
        and target_group in (
            select target_group from {{ ref('target_group_sets') }} where set_name = '{{ numerator_set }}'
        )
        {%- else %}
        and target_group = '{{ numerator_target_group }}'
        {%- endif %}
        {%- if exclude_recent_permit %}
        and not has_recent_permit
        {%- endif %}
    group by 1, 2, 3, 4, 5

),

denominator_cells as (

    select
        month_start as period_start,
        municipality_code,
        origin_group,
        gender,
        age,
        sum(coalesce({{ denominator }}, 0)) as denominator
    from {{ ref('int_population__monthly') }}
    where age between {{ min_age }} and {{ max_age }}
    group by 1, 2, 3, 4, 5

),

joined as (

    select
        coalesce(n.period_start, d.period_start) as period_start,
        coalesce(n.municipality_code, d.municipality_code) as municipality_code,
        coalesce(n.origin_group, d.origin_group) as origin_group,
        coalesce(n.gender, d.gender) as gender,
        coalesce(n.age, d.age) as age,
        coalesce(n.numerator, 0) as numerator,
        coalesce(d.denominator, 0) as denominator
    from numerator_cells as n
    full outer join denominator_cells as d
        on
            n.period_start = d.period_start
            and n.municipality_code = d.municipality_code
            and n.origin_group = d.origin_group
            and n.gender = d.gender
            and n.age = d.age

)

select
    period_start,
    municipality_code,
    origin_group,
    gender,
    {{ age_band('age') }} as age_band,
    'i_alt' as target_group,
    numerator,
    denominator
from joined
{%- endmacro %}
