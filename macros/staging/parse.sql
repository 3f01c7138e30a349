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

{#- -?digits[.,]digits or an integer; ASCII digits only, no sign +, no thousands separators. -#}
{% macro parse_decimal(col) -%}
    case when {{ regex_full_match(col, '-?[0-9]+([.,][0-9]+)?') }}
        then {{ try_cast("replace(" ~ col ~ ", ',', '.')", type_double()) }} end
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

{#-
    Birth date from the CPR's DDMMYY and 7th digit (EXTRACTS.md): 7th digit 0-3 -> 1900s;
    4 or 9 -> 2000s if YY <= 36 else 1900s; 5-8 -> 2000s if YY <= 57 else 1800s.
    NULL when DDMMYY is not a real date.
-#}
{% macro cpr_birth_date(ddmmyy, digit7) -%}
    {%- set yy = "cast(substring(" ~ ddmmyy ~ ", 5, 2) as integer)" -%}
    {%- set century -%}
        case
            when {{ digit7 }} in ('0', '1', '2', '3') then 1900
            when {{ digit7 }} in ('4', '9') then case when {{ yy }} <= 36 then 2000 else 1900 end
            else case when {{ yy }} <= 57 then 2000 else 1800 end
        end
    {%- endset -%}
    {{ try_cast(
        dbt.concat([
            "cast(" ~ century ~ " + " ~ yy ~ " as " ~ dbt.type_string() ~ ")",
            "'-'", "substring(" ~ ddmmyy ~ ", 3, 2)", "'-'", "substring(" ~ ddmmyy ~ ", 1, 2)"
        ]),
        api.Column.translate_type('date')) }}
{%- endmacro %}

{#- Gender from the CPR's last digit: odd = mand, even = kvinde. -#}
{% macro cpr_gender(last_digit) -%}
    case when {{ last_digit }} in ('1', '3', '5', '7', '9') then 'mand' when {{ last_digit }} is not null then 'kvinde' end
{%- endmacro %}
