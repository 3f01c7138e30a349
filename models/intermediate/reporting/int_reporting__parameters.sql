{#-
    One row: the dates every period rule depends on.
    as_of_date: the var `as_of_date`, else the extract date of the delivery, i.e. the latest
    date on which the case systems created something (registered_at of a placement,
    invited_at of a conversation); when the delivery holds neither, the latest spell start.
    history_start: the first quarter of the population extract (the period the delivery
    describes; spells may start decades earlier), else the month of the first spell.
    reporting_start: the var `reporting_start`, else 1 January of the year after the history
    starts (a year of run-in, so that year-on-year changes and chains that started before the
    history are not reported).
-#}
with delivery_dates as (

    select max(cast(registered_at as date)) as latest_date from {{ ref('stg_extracts__placements') }}
    union all
    select max(cast(invited_at as date)) from {{ ref('stg_extracts__conversations') }}

),

spell_dates as (

    select
        min(start_date) as first_start,
        max(start_date) as last_start
    from {{ ref('stg_extracts__benefit_spells') }}

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
        {% if var('as_of_date') %}
        cast('{{ var("as_of_date") }}' as date)
        {% else %}
        coalesce((select max(delivery_dates.latest_date) from delivery_dates), history.last_start)
        {% endif %} as as_of_date,
        {% if var('reporting_start') %}
        cast('{{ var("reporting_start") }}' as date)
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
