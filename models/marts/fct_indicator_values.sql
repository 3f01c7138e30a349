{#-
    One row per indicator, municipality, period, origin group, gender, age band and target
    group: every indicator mart in the common shape, unioned. The marts come from
    indicator_marts() (macros/indicators/indicator_registry.sql), the catalog's built marts;
    tests keep that list equal to the catalog and the row counts equal to the marts'.
-#}
{%- for mart_name in indicator_marts() %}
select
    indicator_id,
    municipality_code,
    period_start,
    origin_group,
    gender,
    age_band,
    target_group,
    numerator,
    denominator,
    value
from {{ ref(mart_name) }}
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
