{#-
    The goal columns of dim_indicator agree with each other: an indicator has a goal kind
    exactly when it has a direction (INDICATORS.md, Comparison layer: indicators without a
    direction get no comparison rows), and a numeric target exactly when its goal kind is
    `threshold`. Returns the rows that break this.
-#}
select
    indicator_id,
    direction,
    goal_kind,
    target_value
from {{ ref('dim_indicator') }}
where
    (direction = 'none') <> (goal_kind is null)
    or (goal_kind = 'threshold') <> (target_value is not null)
