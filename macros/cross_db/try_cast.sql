{#- Cast that yields NULL instead of an error when the value does not convert (e.g. 2025-02-30). -#}
{% macro try_cast(expr, type) -%}
    {{ return(adapter.dispatch('try_cast', 'jobcenter_warehouse')(expr, type)) }}
{%- endmacro %}

{% macro default__try_cast(expr, type) -%}
    {{ dbt.safe_cast(expr, type) }}
{%- endmacro %}

{% macro duckdb__try_cast(expr, type) -%}
    try_cast({{ expr }} as {{ type }})
{%- endmacro %}
