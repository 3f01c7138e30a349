{#-
    The list of marts fct_indicator_values unions (macro indicator_marts()) is exactly the
    indicator catalog's built marts (mart_name not NULL): returns every name that is in one
    and not in the other, saying which.
-#}
with registry as (
    {%- for mart_name in indicator_marts() %}
    select '{{ mart_name }}' as mart_name
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

catalog as (

    select mart_name
    from {{ ref('indicator_catalog') }}
    where mart_name is not null

)

select
    coalesce(registry.mart_name, catalog.mart_name) as mart_name,
    case
        when catalog.mart_name is null then 'in indicator_marts() but not in the catalog'
        else 'in the catalog but not in indicator_marts()'
    end as problem
from registry
full outer join catalog
    on registry.mart_name = catalog.mart_name
where registry.mart_name is null or catalog.mart_name is null
