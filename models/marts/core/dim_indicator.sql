{#-
    One row per indicator id of the indicator catalog (built or not), with its focus area's
    names. `definition` is the catalog's definition_en, the text the docs and reports show.
-#}
with catalog as (

    select * from {{ ref('indicator_catalog') }}

),

focus_areas as (

    select * from {{ ref('focus_areas') }}

)

select
    -- ids
    catalog.indicator_id,
    catalog.mart_name,
    -- names
    catalog.name_da,
    catalog.name_en,
    -- focus area
    catalog.focus_area,
    focus_areas.name_da as focus_area_name_da,
    focus_areas.name_en as focus_area_name_en,
    focus_areas.goal_da as focus_area_goal_da,
    focus_areas.sort_order as focus_area_sort_order,
    -- goal
    catalog.direction,
    catalog.target_text,
    catalog.target_value,
    -- measure
    catalog.unit,
    catalog.frequency,
    catalog.status,
    catalog.reporting_lag_days,
    catalog.denominator_additive_over_target_group,
    -- documentation
    catalog.source_document,
    catalog.definition_en,
    catalog.definition_en as definition
from catalog
inner join focus_areas
    on catalog.focus_area = focus_areas.focus_area
