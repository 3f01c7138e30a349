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

{% macro spark__try_cast(expr, type) -%}
    try_cast({{ expr }} as {{ type }})
{%- endmacro %}

{#-
    PostgreSQL has no try_cast and its casts raise on an impossible date. Dates and timestamps
    are text of the shape YYYY-MM-DD[ HH:MM:SS] here (the callers check the shape first); the
    calendar is checked before the cast, with DuckDB's rules: years 1-9999, the month's real
    length (leap years included), 24:00:00 as the next midnight, no leap second. Other types
    reach this macro only after a shape check that makes the plain cast safe.
-#}
{% macro postgres__try_cast(expr, type) -%}
    {%- set kind = type | trim | lower -%}
    {%- if kind == 'date' or kind.startswith('timestamp') -%}
    case when {{ expr }} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}{{ "( [0-9]{2}:[0-9]{2}:[0-9]{2})?" if kind != "date" }}$' then
        case when {{ postgres__valid_calendar_text(expr, kind != 'date') }} then cast({{ expr }} as {{ type }}) end
    end
    {%- else -%}
    cast({{ expr }} as {{ type }})
    {%- endif -%}
{%- endmacro %}

{% macro postgres__valid_calendar_text(expr, with_time) -%}
    {%- set y = "cast(substring(" ~ expr ~ ", 1, 4) as integer)" -%}
    {%- set m = "cast(substring(" ~ expr ~ ", 6, 2) as integer)" -%}
    {%- set d = "cast(substring(" ~ expr ~ ", 9, 2) as integer)" -%}
    {{ y }} >= 1
    and {{ m }} between 1 and 12
    and {{ d }} between 1 and case
        when {{ m }} in (4, 6, 9, 11) then 30
        when {{ m }} = 2 then
            case when ({{ y }} % 4 = 0 and {{ y }} % 100 <> 0) or {{ y }} % 400 = 0 then 29 else 28 end
        else 31
    end
    {%- if with_time %}
    and (
        length({{ expr }}) = 10
        or substring({{ expr }}, 12, 8) = '24:00:00'
        or (
            cast(substring({{ expr }}, 12, 2) as integer) <= 23
            and cast(substring({{ expr }}, 15, 2) as integer) <= 59
            and cast(substring({{ expr }}, 18, 2) as integer) <= 59
        )
    )
    {%- endif %}
{%- endmacro %}
