{#-
    One row per value of the `age_band` dimension: the 6 bands of the age_bands seed and `i_alt`
    (the dimension does not apply), which spans every counted age (16-66).
-#}
with age_bands as (

    select * from {{ ref('age_bands') }}

),

bands as (

    select
        age_band,
        min_age,
        max_age,
        sort_order,
        false as is_total
    from age_bands

),

-- "Every indicator counts persons only while aged 16-66": the total covers all bands.
total as (

    select
        'i_alt' as age_band,
        min(min_age) as min_age,
        max(max_age) as max_age,
        max(sort_order) + 1 as sort_order,
        true as is_total
    from age_bands

),

all_members as (

    select * from bands
    union all
    select * from total

)

select
    cast(age_band as {{ dbt.type_string() }}) as age_band,
    cast(min_age as {{ dbt.type_int() }}) as min_age,
    cast(max_age as {{ dbt.type_int() }}) as max_age,
    cast(sort_order as {{ dbt.type_int() }}) as sort_order,
    cast(is_total as {{ dbt.type_boolean() }}) as is_total
from all_members
