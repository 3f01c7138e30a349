{#-
    S07: population 16-66 -> full-time kontanthjaelp, uddannelseshjaelp and
    selvforsoergelsesydelse, excluding persons whose residence permit date is in
    [month end - 1825, month end].
-#}
with cells as (
    {{ fulltime_rate_cells(numerator_set='s07_kontant_udd_selv', denominator='population', exclude_recent_permit=true) }}
)

{{ indicator_output('S07', 'cells') }}
