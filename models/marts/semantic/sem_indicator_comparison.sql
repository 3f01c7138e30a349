{#-
    One row per indicator with a direction, delivered municipality and reported period: the
    rows of cmp_indicator_comparison, with goal_met as 0/1 counts so the semantic layer can
    count goals met and decided. A thin view that carries the comparison's semantic model.
-#}
{{ config(materialized='view') }}

with comparison as (

    select * from {{ ref('cmp_indicator_comparison') }}

)

select
    indicator_id,
    municipality_code,
    period_start,
    goal_kind,
    in_default_window,
    national_source,
    top10_source,
    region_code,
    value,
    national_value,
    top10_value,
    region_rank,
    case when goal_met then 1 else 0 end as goal_met_count,
    case when goal_met is not null then 1 else 0 end as goal_decided_count
from comparison
