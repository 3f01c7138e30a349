{#-
    One row per target group (the 15 målgrupper plus `uden_ydelse` and `i_alt`):
    dim_target_group as a thin view that carries the semantic model of the `target_group`
    entity (names and families for `mf query`).
-#}
{{ config(materialized='view') }}

with target_groups as (

    select * from {{ ref('dim_target_group') }}

)

select
    target_group,
    name_da,
    name_en,
    family,
    family_name_da,
    family_name_en
from target_groups
