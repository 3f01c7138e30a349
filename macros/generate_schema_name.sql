{#-
    Layers live in their own schemas (staging, intermediate, marts, reference, audit) without
    the target schema as prefix, so analysts and BI tools see stable names.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
