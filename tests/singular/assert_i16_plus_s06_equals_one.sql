{#-
    I16 (full-time ledighedsydelse) and S06 (full-time fleksjob) share the denominator
    full-time (ledighedsydelse + fleksjob), so their values add up to 1 in every cell where
    both have a denominator above 0. Returns the cells that break it, and cells with a
    denominator above 0 in one mart but missing from the other.
-#}
with i16 as (

    select * from {{ ref('ind_i16__fleksjobledighed') }}

),

s06 as (

    select * from {{ ref('ind_s06__fleksjob_andel') }}

),

paired as (

    select
        coalesce(i16.municipality_code, s06.municipality_code) as municipality_code,
        coalesce(i16.period_start, s06.period_start) as period_start,
        coalesce(i16.origin_group, s06.origin_group) as origin_group,
        coalesce(i16.gender, s06.gender) as gender,
        coalesce(i16.age_band, s06.age_band) as age_band,
        i16.denominator as i16_denominator,
        s06.denominator as s06_denominator,
        i16.value as i16_value,
        s06.value as s06_value
    from i16
    full outer join s06
        on
            i16.municipality_code = s06.municipality_code
            and i16.period_start = s06.period_start
            and i16.origin_group = s06.origin_group
            and i16.gender = s06.gender
            and i16.age_band = s06.age_band
            and i16.target_group = s06.target_group

)

select *
from paired
where
    (i16_denominator > 0 and s06_denominator > 0 and abs(i16_value + s06_value - 1) > 1e-9)
    or (i16_denominator is null and s06_denominator > 0)
    or (s06_denominator is null and i16_denominator > 0)
