{#-
    S20: persons during m on selvforsoergelsesydelse spells in the integration programme ->
    virksomhedspraktik or loentilskud placement during m. Cell of the latest-starting
    programme spell overlapping m.
-#}
with cells as (
    {{ persons_with_placement_cells(
        benefit_code='selvforsoergelsesydelse', in_integration_programme=true, offer_set='praktik_loentilskud') }}
)

{{ indicator_output('S20', 'cells') }}
