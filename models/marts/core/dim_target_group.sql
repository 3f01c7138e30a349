{#-
    One row per value of the `target_group` dimension: the 15 target groups of the seeds, plus
    `uden_ydelse` (no spell at the measurement date) and `i_alt` (the dimension does not apply).
-#}
with target_groups as (

    select * from {{ ref('target_groups') }}

),

families as (

    select * from {{ ref('target_group_families') }}

),

target_group_sets as (

    select * from {{ ref('target_group_sets') }}

),

benefit_codes as (

    select * from {{ ref('benefit_codes') }}

),

-- "PUBLIC = all 15 target groups. UNEMPLOYED = ... ACTIVE_GROUPS = PUBLIC minus fleksjob,
-- foertidspension, efterloen": membership is read from the set rows, never listed here.
set_flags as (

    select
        target_group,
        max(case when set_name = 'public' then 1 else 0 end) as in_public,
        max(case when set_name = 'unemployed' then 1 else 0 end) as in_unemployed,
        max(case when set_name = 'active_groups' then 1 else 0 end) as in_active_groups
    from target_group_sets
    group by target_group

),

groups as (

    select
        target_groups.target_group,
        target_groups.name_da,
        target_groups.name_en,
        target_groups.benefit_code,
        target_groups.visitation_category,
        target_groups.family,
        families.name_da as family_name_da,
        families.name_en as family_name_en,
        target_groups.sort_order,
        benefit_codes.star_figure2_label,
        benefit_codes.sort_order as star_figure2_sort_order,
        coalesce(set_flags.in_public, 0) = 1 as is_public,
        coalesce(set_flags.in_unemployed, 0) = 1 as is_unemployed,
        coalesce(set_flags.in_active_groups, 0) = 1 as is_active_group,
        false as is_total
    from target_groups
    left join families
        on target_groups.family = families.family
    left join set_flags
        on target_groups.target_group = set_flags.target_group
    left join benefit_codes
        on target_groups.benefit_code = benefit_codes.benefit_code

),

-- "A dimension that does not apply holds `i_alt`; a person with no spell at the date has
-- target group `uden_ydelse`." Both sort after the 15 groups.
special_members as (

    select
        'uden_ydelse' as target_group,
        'Uden ydelse' as name_da,
        'Not on benefit' as name_en,
        1 as sort_offset,
        false as is_total
    union all
    select
        'i_alt' as target_group,
        'I alt' as name_da,
        'Total' as name_en,
        2 as sort_offset,
        true as is_total

),

specials as (

    select
        special_members.target_group,
        special_members.name_da,
        special_members.name_en,
        cast(null as {{ dbt.type_string() }}) as benefit_code,
        cast(null as {{ dbt.type_string() }}) as visitation_category,
        cast(null as {{ dbt.type_string() }}) as family,
        cast(null as {{ dbt.type_string() }}) as family_name_da,
        cast(null as {{ dbt.type_string() }}) as family_name_en,
        (select max(target_groups.sort_order) from target_groups) + special_members.sort_offset as sort_order,
        cast(null as {{ dbt.type_string() }}) as star_figure2_label,
        cast(null as {{ dbt.type_int() }}) as star_figure2_sort_order,
        -- uden_ydelse belongs to no set; the total is not a group, so its flags are NULL.
        case when special_members.is_total then null else false end as is_public,
        case when special_members.is_total then null else false end as is_unemployed,
        case when special_members.is_total then null else false end as is_active_group,
        special_members.is_total
    from special_members

),

all_members as (

    select * from groups
    union all
    select * from specials

)

select
    cast(target_group as {{ dbt.type_string() }}) as target_group,
    cast(name_da as {{ dbt.type_string() }}) as name_da,
    cast(name_en as {{ dbt.type_string() }}) as name_en,
    cast(benefit_code as {{ dbt.type_string() }}) as benefit_code,
    cast(visitation_category as {{ dbt.type_string() }}) as visitation_category,
    cast(family as {{ dbt.type_string() }}) as family,
    cast(family_name_da as {{ dbt.type_string() }}) as family_name_da,
    cast(family_name_en as {{ dbt.type_string() }}) as family_name_en,
    cast(sort_order as {{ dbt.type_int() }}) as sort_order,
    cast(is_public as {{ dbt.type_boolean() }}) as is_public,
    cast(is_unemployed as {{ dbt.type_boolean() }}) as is_unemployed,
    cast(is_active_group as {{ dbt.type_boolean() }}) as is_active_group,
    cast(is_total as {{ dbt.type_boolean() }}) as is_total,
    cast(star_figure2_label as {{ dbt.type_string() }}) as star_figure2_label,
    cast(star_figure2_sort_order as {{ dbt.type_int() }}) as star_figure2_sort_order
from all_members
