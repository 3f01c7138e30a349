{#-
    One row per indicator, municipality, period and roll-up of fct_indicator_values: the
    total over every cell (breakdown 'total', every dimension 'i_alt') and one row per value
    of each single dimension, the others 'i_alt' (breakdown = that dimension's name). Sums of
    numerators and denominators, value recomputed (macro indicator_rollup, which takes the
    population of I22 and S02 from S03 once per cell). See fct_indicator_rollups.yml.
-#}
{%- set keys = ['indicator_id', 'municipality_code', 'period_start'] -%}
{%- set dimensions = ['origin_group', 'gender', 'age_band', 'target_group'] -%}

with indicator_values as (

    select * from {{ ref('fct_indicator_values') }}

),

rollup_total as (
    {{ indicator_rollup('indicator_values', keys, population_values='indicator_values') }}
),
{%- for dimension in dimensions %}

rollup_by_{{ dimension }} as (
    {{ indicator_rollup('indicator_values', keys + [dimension], population_values='indicator_values') }}
),
{%- endfor %}

rollups as (

    select
        indicator_id,
        'total' as breakdown,
        municipality_code,
        period_start,
        {%- for dimension in dimensions %}
        'i_alt' as {{ dimension }},
        {%- endfor %}
        numerator,
        denominator,
        value
    from rollup_total
    {%- for breakdown in dimensions %}

    union all

    -- A dimension the indicator does not split by holds 'i_alt' on every row: its one
    -- roll-up row would repeat the total, so it is left out.
    select
        indicator_id,
        '{{ breakdown }}' as breakdown,
        municipality_code,
        period_start,
        {%- for dimension in dimensions %}
        {% if dimension == breakdown %}{{ dimension }}{% else %}'i_alt' as {{ dimension }}{% endif %},
        {%- endfor %}
        numerator,
        denominator,
        value
    from rollup_by_{{ breakdown }}
    where {{ breakdown }} <> 'i_alt'
    {%- endfor %}

)

select
    cast(indicator_id as {{ dbt.type_string() }}) as indicator_id,
    cast(breakdown as {{ dbt.type_string() }}) as breakdown,
    cast(municipality_code as {{ dbt.type_string() }}) as municipality_code,
    cast(period_start as date) as period_start,
    {%- for dimension in dimensions %}
    cast({{ dimension }} as {{ dbt.type_string() }}) as {{ dimension }},
    {%- endfor %}
    cast(numerator as {{ type_double() }}) as numerator,
    cast(denominator as {{ type_double() }}) as denominator,
    cast(value as {{ type_double() }}) as value
from rollups
-- As in the marts, rows with nothing to count are omitted: numerator 0 and denominator 0
-- or NULL (a sum of I02's changes can be 0).
where not (coalesce(numerator, 0) = 0 and coalesce(denominator, 0) = 0)
