{#-
    The build log that the publish step checks (docs/publish.md, "Consistency"): which dbt
    invocation built each mart, and whether that invocation finished.

    schema dbt_runs
      invocations   one row per invocation: started_at (on-run-start), finished_at and status
                    (on-run-end; NULL while running or when the run was killed), and the
                    disclosure_threshold var the run was built with
      model_builds  one row per model built: invocation_id, model_name, built_at, written by a
                    post-hook in the model's own transaction, so a model and its row are
                    committed together
-#}
{% macro build_log_start() %}
    {% if execute %}
        {% do run_query("create schema if not exists dbt_runs") %}
        {% do run_query(
            "create table if not exists dbt_runs.invocations ("
            ~ "invocation_id varchar, started_at timestamp, finished_at timestamp, "
            ~ "status varchar, disclosure_threshold integer)"
        ) %}
        {% do run_query(
            "create table if not exists dbt_runs.model_builds ("
            ~ "invocation_id varchar, model_name varchar, built_at timestamp)"
        ) %}
        {% do run_query(
            "insert into dbt_runs.invocations values ('" ~ invocation_id ~ "', "
            ~ dbt.current_timestamp() ~ ", null, 'running', "
            ~ (var('disclosure_threshold') | int) ~ ")"
        ) %}
    {% endif %}
    select 1
{% endmacro %}

{% macro build_log_end(results) %}
    {%- set errors = results | selectattr('status', 'in', ['error', 'runtime error']) | list | length -%}
    update dbt_runs.invocations
    set finished_at = {{ dbt.current_timestamp() }},
        status = '{{ "error" if errors else "success" }}'
    where invocation_id = '{{ invocation_id }}'
{% endmacro %}

{% macro build_log_model() %}
    insert into dbt_runs.model_builds
    values ('{{ invocation_id }}', '{{ this.identifier }}', {{ dbt.current_timestamp() }})
{% endmacro %}
