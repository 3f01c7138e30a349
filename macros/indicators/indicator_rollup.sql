{#-
    indicator_rollup(indicator_values, group_by, population_values, population_indicator):
    roll rows in the shape of fct_indicator_values up to the columns in `group_by`, summing
    numerators and denominators and recomputing value from the sums, never by averaging
    values. Used by the mart fct_indicator_rollups and by the analyses.

    Numerators are additive over every dimension. Denominators are summed, except for the
    indicators whose catalog row says denominator_additive_over_target_group = false (I22,
    S02): their population cell is repeated on every target group row, and a row exists only
    for target groups with a numerator above 0, so neither a sum nor a per-cell maximum of
    their own denominators gives the population of a roll-up (cells where nobody receives a
    benefit are missing). Their denominator is instead the population 16-66 of the cells in
    the row's scope, taken once per cell from the rows of `population_indicator` (default
    S03, population 16-66 -> full-time persons of a set, which has the same denominator per
    municipality, month, origin group, gender and age band and keeps cells without
    recipients). A row that keeps target_group (one row per target group) repeats the
    population of its other columns, as the marts do. The singular test
    assert_population_denominators_match_s03 keeps the two denominators equal.

    Count indicators (X01, X02) keep a NULL denominator, and value = numerator.

    indicator_values: a relation or CTE with the 10 columns of fct_indicator_values.
    group_by: the columns to keep; must include indicator_id and period_start (full-time
        persons and persons during a month are not summed over months), e.g.
        ['indicator_id', 'municipality_code', 'period_start'] or that plus 'origin_group'.
    population_values: the relation holding the population_indicator rows; default
        ref('fct_indicator_values'). A filter on indicator_values on a column that is not in
        group_by (other than indicator_id) must be applied to it as well.
    population_indicator: the indicator whose denominator is the population 16-66 per cell.
-#}
{% macro indicator_rollup(indicator_values, group_by=['indicator_id', 'municipality_code', 'period_start'],
                          population_values=none, population_indicator='S03') -%}
{%- if 'indicator_id' not in group_by or 'period_start' not in group_by -%}
    {{ exceptions.raise_compiler_error("indicator_rollup: group_by must include indicator_id and period_start") }}
{%- endif -%}
{%- set population_keys = [] -%}
{%- for column in group_by if column not in ['indicator_id', 'target_group'] -%}
    {%- do population_keys.append(column) -%}
{%- endfor -%}
with rollup_catalog as (

    select
        indicator_id,
        coalesce(denominator_additive_over_target_group, true) as denominator_is_additive
    from {{ ref('dim_indicator') }}

),

-- "Roll up by summing numerator and denominator and dividing, never by averaging value."
rollup_sums as (

    select
        {%- for column in group_by %}
        rollup_values.{{ column }},
        {%- endfor %}
        sum(rollup_values.numerator) as numerator,
        sum(rollup_values.denominator) as denominator
    from {{ indicator_values }} as rollup_values
    group by {% for column in group_by %}rollup_values.{{ column }}{% if not loop.last %}, {% endif %}{% endfor %}

),

-- "The population cell is repeated on each target-group row, so the denominator is not
-- additive over target group": the population of a roll-up counts each cell once.
rollup_population as (

    select
        {%- for column in population_keys %}
        population_values.{{ column }},
        {%- endfor %}
        sum(population_values.denominator) as population
    from {{ population_values or ref('fct_indicator_values') }} as population_values
    where population_values.indicator_id = '{{ population_indicator }}'
    group by
        {%- for column in population_keys %}
        population_values.{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}

),

rollup_denominators as (

    select
        rollup_sums.*,
        case
            when rollup_catalog.denominator_is_additive then rollup_sums.denominator
            else coalesce(rollup_population.population, 0)
        end as rollup_denominator
    from rollup_sums
    inner join rollup_catalog
        on rollup_sums.indicator_id = rollup_catalog.indicator_id
    left join rollup_population
        on
            {%- for column in population_keys %}
            {% if not loop.first %}and {% endif %}rollup_sums.{{ column }} = rollup_population.{{ column }}
            {%- endfor %}

)

select
    {%- for column in group_by %}
    {{ column }},
    {%- endfor %}
    numerator,
    rollup_denominator as denominator,
    case
        when rollup_denominator is null then numerator
        else {{ safe_divide('numerator', 'rollup_denominator') }}
    end as value
from rollup_denominators
{%- endmacro %}
