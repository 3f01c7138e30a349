{#- The integer year, month or day of a date (ANSI `extract`, valid on DuckDB, Postgres and Spark). -#}
{% macro date_part(part, expr) -%}
    {{ return(adapter.dispatch('date_part', 'jobcenter_warehouse')(part, expr)) }}
{%- endmacro %}

{% macro default__date_part(part, expr) -%}
    cast(extract({{ part }} from {{ expr }}) as integer)
{%- endmacro %}
