{#-
    Freshness of the delivery, one row per extract: how many files, when the newest file was
    written, and how many days that is before the as-of date of the run.
-#}
with parameters as (

    select * from {{ ref('int_reporting__parameters') }}

),

files as (
    {%- for extract in extract_names() %}
    select
        '{{ extract }}' as extract_name,
        count(distinct source_file) as files,
        count(*) as landed_rows,
        max(file_modified_at) as newest_file_modified_at
    from {{ ref('stg_extracts__' ~ extract ~ '_rows') }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select
    files.extract_name,
    files.files,
    files.landed_rows,
    files.newest_file_modified_at,
    parameters.as_of_date,
    {{ dbt.datediff('parameters.as_of_date', 'cast(files.newest_file_modified_at as date)', 'day') }}
        as days_from_as_of_to_newest_file
from files
cross join parameters
