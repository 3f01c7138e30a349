{#-
    The value of a date var (`as_of_date`, `reporting_start`) checked before anything is built,
    as a 'YYYY-MM-DD' string, or none when the var is empty (derive the date from the data).
    Refuses, with one sentence naming the var:
    * a value that is not a calendar date in the form YYYY-MM-DD (`2026-13-01`);
    * with `not_after_today`, a date later than today (a delivery cannot describe the future);
    * with `required_in_production`, an empty value when WAREHOUSE_ENV is prod or production
      (a production run states the date it reports on instead of trusting the data).
    dbt's own YAML reading of --vars turns an unquoted date into a date object (and stops with
    a traceback on an impossible unquoted date before this macro runs; `make` checks DBT_VARS
    first for that reason).
-#}
{% macro reporting_date_var(name, not_after_today=false, required_in_production=false) -%}
    {%- set value = var(name, '') -%}
    {%- set text = ('' if value is none else value | string) | trim -%}
    {%- if text == '' -%}
        {%- set environment = env_var('WAREHOUSE_ENV', '') | trim | lower -%}
        {%- if required_in_production and environment in ['prod', 'production'] -%}
            {{ exceptions.raise_compiler_error(
                "WAREHOUSE_ENV=" ~ environment ~ " needs an explicit " ~ name
                ~ ": run with --vars '{" ~ name ~ ": YYYY-MM-DD}' (make: DBT_VARS='{" ~ name ~ ": YYYY-MM-DD}')") }}
        {%- endif -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set invalid = "var " ~ name ~ " must be a calendar date YYYY-MM-DD, got '" ~ text ~ "'" -%}
    {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', text) -%}
        {{ exceptions.raise_compiler_error(invalid) }}
    {%- endif -%}
    {%- set year, month, day = text[0:4] | int, text[5:7] | int, text[8:10] | int -%}
    {%- if year < 1 or month < 1 or month > 12 or day < 1 -%}
        {{ exceptions.raise_compiler_error(invalid) }}
    {%- endif -%}
    {%- set first_of_next = modules.datetime.date(year + (month // 12), month % 12 + 1, 1) if year < 9999 or month < 12 else none -%}
    {%- set days_in_month = 31 if first_of_next is none else (first_of_next - modules.datetime.timedelta(days=1)).day -%}
    {%- if day > days_in_month -%}
        {{ exceptions.raise_compiler_error(invalid) }}
    {%- endif -%}
    {%- set today = modules.datetime.date.today() -%}
    {%- if not_after_today and modules.datetime.date(year, month, day) > today -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ name ~ " " ~ text ~ " is later than today (" ~ today.isoformat() ~ "): refused") }}
    {%- endif -%}
    {{ return(text) }}
{%- endmacro %}
