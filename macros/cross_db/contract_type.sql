{#-
    Contract data types are written once, in the embedded engine's (DuckDB's) names: varchar,
    double, integer, bigint, boolean, date, decimal(p,s). contract_type() gives the engine's
    own name, so the same YAML contract holds on every engine (PostgreSQL reports varchar
    columns as `text` and has no `double`; Spark calls strings `string`).
-#}
{% macro contract_type(data_type) -%}
    {{ return(adapter.dispatch('contract_type', 'jobcenter_warehouse')(data_type)) }}
{%- endmacro %}

{% macro default__contract_type(data_type) -%}
    {{ return(data_type) }}
{%- endmacro %}

{% macro postgres__contract_type(data_type) -%}
    {{ return({'varchar': 'text', 'double': 'double precision'}.get(data_type | trim | lower, data_type)) }}
{%- endmacro %}

{% macro spark__contract_type(data_type) -%}
    {{ return({'varchar': 'string'}.get(data_type | trim | lower, data_type)) }}
{%- endmacro %}

{#-
    dbt builds a contract's "empty schema" query with dbt.cast(null, data_type) and compares
    its column types with the model's: translate the YAML type first.
-#}
{% macro postgres__cast(field, type) -%}
    cast({{ field }} as {{ contract_type(type) }})
{%- endmacro %}

{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ contract_type(type) }})
{%- endmacro %}

{#- PostgreSQL creates a contracted table from its YAML columns: with the translated types. -#}
{% macro postgres__get_table_columns_and_constraints() -%}
    {%- set columns = {} -%}
    {%- for name, column in model['columns'].items() -%}
        {%- set translated = dict(column) -%}
        {%- if column.get('data_type') -%}
            {%- do translated.update({'data_type': contract_type(column['data_type'])}) -%}
        {%- endif -%}
        {%- do columns.update({name: translated}) -%}
    {%- endfor -%}
    {%- set column_ddl = adapter.render_raw_columns_constraints(raw_columns=columns) -%}
    {%- set model_ddl = adapter.render_raw_model_constraints(raw_constraints=model['constraints']) -%}
    (
    {% for c in column_ddl + model_ddl -%}
        {{ c }}{{ "," if not loop.last }}
    {% endfor -%}
    )
{%- endmacro %}
