{#-
    A boolean expression that stops the query with `message_expr` as its error message when
    `condition` holds for a row, and is true otherwise. Used to turn a structural load error
    into a clear failure of the model instead of a stack trace.
-#}
{% macro raise_if(condition, message_expr) -%}
    {{ return(adapter.dispatch('raise_if', 'jobcenter_warehouse')(condition, message_expr)) }}
{%- endmacro %}

{% macro default__raise_if(condition, message_expr) -%}
    (case when {{ condition }} then cast({{ message_expr }} as integer) = 0 else true end)
{%- endmacro %}

{% macro duckdb__raise_if(condition, message_expr) -%}
    (case when {{ condition }} then error({{ message_expr }}) else true end)
{%- endmacro %}
