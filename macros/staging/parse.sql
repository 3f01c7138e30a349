{#-
    Parsing of contract text fields. Each macro returns NULL for an empty field and for a
    value that does not parse; staging's checks report the latter as bad input.
-#}

{#- YYYY-MM-DD and a real calendar date (2025-02-30 does not parse). -#}
{% macro parse_date(col) -%}
    case when {{ regex_full_match(col, '[0-9]{4}-[0-9]{2}-[0-9]{2}') }}
        then {{ try_cast(col, api.Column.translate_type('date')) }} end
{%- endmacro %}

{#- YYYY-MM-DD HH:MM:SS or YYYY-MM-DDTHH:MM:SS. -#}
{% macro parse_timestamp(col) -%}
    case when {{ regex_full_match(col, '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}') }}
        then {{ try_cast("replace(" ~ col ~ ", 'T', ' ')", api.Column.translate_type('timestamp')) }} end
{%- endmacro %}

{#-
    -?digits[.,]digits or an integer; ASCII digits only, no sign +, no thousands separators.
    A number that does not fit a double (it would become infinite) does not parse.
-#}
{% macro parse_decimal(col) -%}
    {%- set value = try_cast("replace(" ~ col ~ ", ',', '.')", type_double()) -%}
    case when {{ regex_full_match(col, '-?[0-9]+([.,][0-9]+)?') }}
        and abs({{ value }}) <= 1.7976931348623157e308
        then {{ value }} end
{%- endmacro %}

{#- -?digits only. -#}
{% macro parse_integer(col) -%}
    case when {{ regex_full_match(col, '-?[0-9]{1,18}') }}
        then {{ try_cast(col, dbt.type_bigint()) }} end
{%- endmacro %}

{#- true, false, 1, 0 in any case. -#}
{% macro parse_boolean(col) -%}
    case
        when lower({{ col }}) in ('true', '1') then true
        when lower({{ col }}) in ('false', '0') then false
    end
{%- endmacro %}
