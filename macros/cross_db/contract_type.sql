{#-
    Declared data types (model contracts, seed column_types) are written once, in the embedded
    engine's (DuckDB's) names: varchar, double, integer, bigint, boolean, date, decimal(p,s).
    contract_type() gives the engine's own name, so the same YAML holds on every engine
    (PostgreSQL reports varchar columns as `text` and has no `double`; Spark calls strings
    `string` and requires a length for varchar).
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

{#-
    Seeds on Spark: translate the seed's column_types in place, then let dbt-spark create and
    fill the table (its create and load steps both read column_types from the same config).
-#}
{% macro spark__create_csv_table(model, agate_table) %}
    {%- set column_types = model['config'].get('column_types') or {} -%}
    {%- for name in column_types.keys() | list -%}
        {%- do column_types.update({name: contract_type(column_types[name])}) -%}
    {%- endfor -%}
    {{ return(dbt.spark__create_csv_table(model, agate_table)) }}
{% endmacro %}

{#-
    Seed rows on Spark as SQL literals. dbt-spark's session method binds every value as
    '<value>', so an empty cell would load as the text 'None' and a quote would break the
    statement; here NULL stays NULL and strings are escaped.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_types = model['config'].get('column_types') or {} -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {%- for row in chunk %}
            ({%- for col_name in agate_table.column_names -%}
                {%- set type = contract_type(column_types.get(col_name, adapter.convert_type(agate_table, loop.index0))) -%}
                cast({{ spark_seed_literal(row[loop.index0]) }} as {{ type }}){{ "," if not loop.last }}
            {%- endfor -%}){{ "," if not loop.last }}
            {%- endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first %}{% do statements.append(sql) %}{% endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}

{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true or value is sameas false -%}
        {{ 'true' if value else 'false' }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        '{{ (value | string).replace("\\", "\\\\").replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}
