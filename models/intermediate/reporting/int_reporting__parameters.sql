{#-
    One row: the dates every period rule depends on.
    as_of_date: the var `as_of_date` (checked: a real date, not after today; required when
    WAREHOUSE_ENV is prod), else derived from the data: the latest date on which the case
    systems created something (registered_at of a placement, invited_at of a conversation)
    that is not later than the modification date of the delivery's newest file; when the
    delivery holds neither, the latest spell start under the same bound. Later events are
    kept as delivered but do not move the date (EXTRACTS.md, "The as-of date").
    history_start: the first quarter of the population extract (the period the delivery
    describes; spells may start decades earlier), else the month of the first spell.
    reporting_start: the var `reporting_start`, else 1 January of the year after the history
    starts (a year of run-in, so that year-on-year changes and chains that started before the
    history are not reported).
-#}
{%- set as_of_var = reporting_date_var('as_of_date', not_after_today=true, required_in_production=true) -%}
{%- set reporting_start_var = reporting_date_var('reporting_start') -%}
-- the modification date of the newest file of the delivery, over every extract
with newest_file as (

    select max(newest_date) as newest_file_date
    from (
        {%- for extract in extract_names() %}
        select max(cast(file_modified_at as date)) as newest_date
        from {{ ref('stg_extracts__' ~ extract ~ '_rows') }}
        {% if not loop.last %}union all{% endif %}
        {%- endfor %}
    ) as per_extract

),

delivery_dates as (

    -- events later than the newest file are accepted as delivered; they do not move the date
    select max(cast(placements.registered_at as date)) as latest_date
    from {{ ref('stg_extracts__placements') }} as placements
    cross join newest_file
    where newest_file.newest_file_date is null or cast(placements.registered_at as date) <= newest_file.newest_file_date
    union all
    select max(cast(conversations.invited_at as date))
    from {{ ref('stg_extracts__conversations') }} as conversations
    cross join newest_file
    where newest_file.newest_file_date is null or cast(conversations.invited_at as date) <= newest_file.newest_file_date

),

spell_dates as (

    select
        min(spells.start_date) as first_start,
        max(
            case
                when newest_file.newest_file_date is null or spells.start_date <= newest_file.newest_file_date
                    then spells.start_date
            end
        ) as last_start
    from {{ ref('stg_extracts__benefit_spells') }} as spells
    cross join newest_file

),

history as (

    select
        coalesce(
            (select min(population.quarter_start) from {{ ref('stg_extracts__population') }} as population),
            {{ dbt.date_trunc('month', 'spell_dates.first_start') }}
        ) as history_start,
        spell_dates.last_start
    from spell_dates

),

derived as (

    select
        {% if as_of_var %}
        cast('{{ as_of_var }}' as date)
        {% else %}
        coalesce((select max(delivery_dates.latest_date) from delivery_dates), history.last_start)
        {% endif %} as as_of_date,
        {% if reporting_start_var %}
        cast('{{ reporting_start_var }}' as date)
        {% else %}
        {{ dbt.dateadd('year', 1, dbt.date_trunc('year', 'history.history_start')) }}
        {% endif %} as reporting_start,
        history.history_start
    from history

)

select
    cast(as_of_date as date) as as_of_date,
    cast(reporting_start as date) as reporting_start,
    cast(coalesce(history_start, reporting_start) as date) as history_start
from derived
