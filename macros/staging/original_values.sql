{#-
    The delivered values of a row as one readable text: `column=value; ...` in contract order.
    The CPR is shown as its keyed pseudonym (person_key): the number itself never enters the
    warehouse.
-#}
{% macro original_values(extract) -%}
    {%- set parts = [] -%}
    {%- for col in extract_contract()[extract]['columns'] -%}
        {%- set expr = 'person_key' if col.kind == 'cpr' else (col.name ~ '__raw' if col.kind in ['date', 'timestamp', 'decimal', 'integer', 'boolean'] else col.name) -%}
        {%- set label = 'person_key' if col.kind == 'cpr' else col.name -%}
        {%- do parts.append("'" ~ ('; ' if not loop.first else '') ~ label ~ "='") -%}
        {%- do parts.append("coalesce(" ~ expr ~ ", '')") -%}
    {%- endfor -%}
    {%- do parts.append("case when extra_fields is not null then '; extra fields=' else '' end") -%}
    {%- do parts.append("coalesce(extra_fields, '')") -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}

{#- The names of all extracts, in contract order. -#}
{% macro extract_names() -%}
    {{ return(['persons', 'benefit_spells', 'conversations', 'placements', 'sanctions',
               'population', 'education_attainment', 'eud_applications', 'benchmarks']) }}
{%- endmacro %}
