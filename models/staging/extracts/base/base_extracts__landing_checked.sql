{#-
    The landing's outcome, checked: a structural error of the delivery stops the build here
    with the landing's messages (one per broken file, each naming the file and line), before
    any model reads the landed files.
-#}
with landing as (

    select * from {{ ref('base_extracts__landing') }}

),

messages as (

    select {{ dbt.listagg('load_error', "' | '") }} as load_errors
    from landing
    where load_error is not null

)

select
    landing.extract_name,
    landing.files,
    landing.landed_rows,
    landing.landed_lines,
    landing.reused,
    landing.load_error
from landing
cross join messages
where {{ raise_if('messages.load_errors is not null', 'messages.load_errors') }}
