{#-
    indicator_rollup(indicator_values, group_by): roll fct_indicator_values rows up to the
    columns in `group_by` (always including indicator_id), recomputing value from the summed
    numerator and denominator, never by averaging values.

    Denominators are summed, except for the indicators whose catalog row says
    denominator_additive_over_target_group = false (I22, S02): their population cell is
    repeated on every target group row, so each cell (municipality, period, origin group,
    gender, age band) counts once, with its largest denominator. Cells where no target group
    has a numerator are not in those marts, so such a roll-up covers only the cells with at
    least one benefit recipient. Count indicators keep a NULL denominator and value =
    numerator.

    indicator_values: a relation or CTE with the 10 columns of fct_indicator_values.
    group_by: the columns to keep, e.g. ['indicator_id', 'municipality_code', 'period_start'];
    must not include target_group.
-#}
{% macro indicator_rollup(indicator_values, group_by=['indicator_id', 'municipality_code', 'period_start']) -%}
with rollup_catalog as (

    select
        indicator_id,
        coalesce(denominator_additive_over_target_group, true) as denominator_is_additive
    from {{ ref('dim_indicator') }}

),

-- "Never sum their denominator over target groups": one denominator per cell for I22, S02.
rollup_cells as (

    select
        {{ indicator_values }}.indicator_id,
        {{ indicator_values }}.municipality_code,
        {{ indicator_values }}.period_start,
        {{ indicator_values }}.origin_group,
        {{ indicator_values }}.gender,
        {{ indicator_values }}.age_band,
        sum({{ indicator_values }}.numerator) as numerator,
        case
            when min(case when rollup_catalog.denominator_is_additive then 1 else 0 end) = 1
                then sum({{ indicator_values }}.denominator)
            else max({{ indicator_values }}.denominator)
        end as denominator
    from {{ indicator_values }}
    inner join rollup_catalog
        on {{ indicator_values }}.indicator_id = rollup_catalog.indicator_id
    group by
        {{ indicator_values }}.indicator_id,
        {{ indicator_values }}.municipality_code,
        {{ indicator_values }}.period_start,
        {{ indicator_values }}.origin_group,
        {{ indicator_values }}.gender,
        {{ indicator_values }}.age_band

)

select
    {%- for column in group_by %}
    {{ column }},
    {%- endfor %}
    sum(numerator) as numerator,
    sum(denominator) as denominator,
    case
        when count(denominator) = 0 then sum(numerator)
        else {{ safe_divide('sum(numerator)', 'sum(denominator)') }}
    end as value
from rollup_cells
group by {% for column in group_by %}{{ column }}{% if not loop.last %}, {% endif %}{% endfor %}
{%- endmacro %}
