{#-
    One row per value of the `origin_group` dimension: `dansk`, `vestlig`, `ikke_vestlig` (the
    code list of the extracts) and `i_alt` (the dimension does not apply).
-#}
with code_lists as (

    select * from {{ ref('code_lists') }}

),

origin_groups as (

    select
        code as origin_group,
        name_da,
        name_en,
        sort_order,
        false as is_total
    from code_lists
    where list_name = 'origin_group'

),

-- "A dimension that does not apply holds `i_alt`"; it sorts last.
total as (

    select
        'i_alt' as origin_group,
        'I alt' as name_da,
        'Total' as name_en,
        (select max(sort_order) from origin_groups) + 1 as sort_order,
        true as is_total

),

all_members as (

    select * from origin_groups
    union all
    select * from total

)

select
    cast(origin_group as {{ dbt.type_string() }}) as origin_group,
    cast(name_da as {{ dbt.type_string() }}) as name_da,
    cast(name_en as {{ dbt.type_string() }}) as name_en,
    cast(sort_order as {{ dbt.type_int() }}) as sort_order,
    cast(is_total as {{ dbt.type_boolean() }}) as is_total
from all_members
