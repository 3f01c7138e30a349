{#-
    CPR-shaped tokens, as the privacy scan (src/jobcenter_warehouse/privacy.py) defines them: a
    plausible DDMM, YY, an optional hyphen and four digits, not part of a longer run of digits
    nor of a decimal number; letters around it do not matter. Runs of 32 or more hex
    characters (keyed pseudonyms) and canonical UUIDs (dbt's invocation ids) are blanked out
    first. ASCII digits only. A pytest keeps the
    two patterns equal to privacy.SQL_CPR_TOKEN and privacy.HEX_RUN.
-#}
{% macro cpr_token_pattern() -%}
    {{ return('(^|[^0-9.,]|(^|[^0-9])[.,])(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}-?[0-9]{4}([^0-9.,]|[.,]([^0-9]|$)|$)') }}
{%- endmacro %}

{% macro hex_run_pattern() -%}
    {{ return('[0-9A-Fa-f]{32,}|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}') }}
{%- endmacro %}

{#- A condition: the text `expr` holds a CPR-shaped token. -#}
{% macro has_cpr_token(expr) -%}
    ({{ regex_contains(expr, '[0-9]{6}-?[0-9]{4}') }}
        and {{ regex_contains(regex_replace_all(expr, hex_run_pattern(), ' '), cpr_token_pattern()) }})
{%- endmacro %}

{#-
    One row per text column of a relation that holds CPR-shaped tokens (relation, column and
    how many values; never the values). Scans every model, seed and snapshot of the project
    that exists in the warehouse, and the `relations` given (e.g. the landed sources).
-#}
{% macro cpr_token_findings(relations=[]) -%}
    {%- set targets = [] -%}
    {#- only when the test runs (compiling, e.g. for the linter, needs no built warehouse) -#}
    {%- if execute and flags.WHICH in ['build', 'test'] -%}
        {%- for node in graph.nodes.values()
              if node.resource_type in ['model', 'seed', 'snapshot'] and node.config.materialized != 'ephemeral' -%}
            {%- set relation = adapter.get_relation(database=node.database, schema=node.schema,
                                                    identifier=node.alias) -%}
            {%- if relation is not none -%}{%- do targets.append(relation) -%}{%- endif -%}
        {%- endfor -%}
        {%- do targets.extend(relations) -%}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for relation in targets -%}
        {%- set columns = get_column_schema_from_query('select * from ' ~ relation) -%}
        {%- for column in columns if column.is_string() -%}
            {%- set quoted = adapter.quote(column.name) -%}
            {%- do parts.append(
                "select '" ~ (relation | string | replace("'", "''")) ~ "' as relation_name, '"
                ~ column.name ~ "' as column_name, count(*) as cpr_shaped_values from " ~ relation
                ~ " where " ~ has_cpr_token(quoted) ~ " having count(*) > 0") -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if parts -%}
        {{ parts | join('\nunion all\n') }}
    {%- else -%}
        select '' as relation_name, '' as column_name, 0 as cpr_shaped_values where 1 = 0
    {%- endif -%}
{%- endmacro %}
