{#-
    fct_indicator_values holds exactly the rows of the indicator marts: for every built
    indicator of the catalog, the number of rows with its indicator_id equals the number of
    rows of its mart (so every mart is in the union, once, and stamps its own id). Returns the
    indicators whose counts differ, and ids in the fact that the catalog does not build.
-#}
with catalog as (

    select
        indicator_id,
        mart_name
    from {{ ref('indicator_catalog') }}
    where mart_name is not null

),

mart_counts as (
    {%- for mart_name in indicator_marts() %}
    select
        '{{ mart_name }}' as mart_name,
        count(*) as mart_rows
    from {{ ref(mart_name) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

fact_counts as (

    select
        indicator_id,
        count(*) as fact_rows
    from {{ ref('fct_indicator_values') }}
    group by indicator_id

),

expected as (

    select
        catalog.indicator_id,
        catalog.mart_name,
        mart_counts.mart_rows
    from catalog
    left join mart_counts
        on catalog.mart_name = mart_counts.mart_name

)

select
    coalesce(expected.indicator_id, fact_counts.indicator_id) as indicator_id,
    expected.mart_name,
    expected.mart_rows,
    coalesce(fact_counts.fact_rows, 0) as fact_rows
from expected
full outer join fact_counts
    on expected.indicator_id = fact_counts.indicator_id
where
    expected.mart_rows is null
    or expected.mart_rows <> coalesce(fact_counts.fact_rows, 0)
