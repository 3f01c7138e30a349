{#- A condition that holds when a non-empty `expr` is not among the codes of a seed column. -#}
{% macro unknown_code(expr, seed, column, list_name=none) -%}
    ({{ expr }} is not null and {{ expr }} not in (
        select {{ column }} from {{ ref(seed) }}
        {%- if list_name %} where list_name = '{{ list_name }}'{% endif %}))
{%- endmacro %}

{#- A staging check: unknown code in `col`, with the readable reason. -#}
{% macro code_check(col, seed, column, list_name=none, expr=none) -%}
    {{ return({
        'when': unknown_code(expr or col, seed, column, list_name),
        'code': 'unknown_code',
        'reason': dbt.concat(["'" ~ col ~ " has an unknown code: '''", col, "''''"]),
    }) }}
{%- endmacro %}

{#- A staging check: end date before start date. -#}
{% macro end_before_start_check(start_col='start_date', end_col='end_date') -%}
    {{ return({
        'when': end_col ~ ' < ' ~ start_col,
        'code': 'end_before_start',
        'reason': "'" ~ end_col ~ " is before " ~ start_col ~ "'",
    }) }}
{%- endmacro %}

{#- A staging check: an integer outside [min_value, max_value] (either bound may be none). -#}
{% macro range_check(col, min_value=none, max_value=none) -%}
    {%- set conds = [] -%}
    {%- if min_value is not none %}{% do conds.append(col ~ ' < ' ~ min_value) %}{% endif -%}
    {%- if max_value is not none %}{% do conds.append(col ~ ' > ' ~ max_value) %}{% endif -%}
    {{ return({
        'when': '(' ~ (conds | join(' or ')) ~ ')',
        'code': 'out_of_range',
        'reason': dbt.concat(["'" ~ col ~ " is out of range ["
            ~ (min_value if min_value is not none else '') ~ ", "
            ~ (max_value if max_value is not none else '') ~ "]: '",
            "cast(" ~ col ~ " as " ~ dbt.type_string() ~ ")"]),
    }) }}
{%- endmacro %}
