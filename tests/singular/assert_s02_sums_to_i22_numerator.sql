{#-
    S02 (full-time persons per target group) and I22 (full-time PUBLIC per target group) count
    the same full-time persons: summed over target groups, their numerators are equal per
    municipality, month, origin group, gender and age band. Returns the cells that differ.
-#}
with s02 as (

    select
        municipality_code,
        period_start,
        origin_group,
        gender,
        age_band,
        sum(numerator) as numerator
    from {{ ref('ind_s02__ydelsesmodtagere_fordeling') }}
    group by 1, 2, 3, 4, 5

),

i22 as (

    select
        municipality_code,
        period_start,
        origin_group,
        gender,
        age_band,
        sum(numerator) as numerator
    from {{ ref('ind_i22__forsoergede_herkomst_maalgruppe') }}
    group by 1, 2, 3, 4, 5

)

select
    coalesce(s02.municipality_code, i22.municipality_code) as municipality_code,
    coalesce(s02.period_start, i22.period_start) as period_start,
    coalesce(s02.origin_group, i22.origin_group) as origin_group,
    coalesce(s02.gender, i22.gender) as gender,
    coalesce(s02.age_band, i22.age_band) as age_band,
    s02.numerator as s02_numerator,
    i22.numerator as i22_numerator
from s02
full outer join i22
    on
        s02.municipality_code = i22.municipality_code
        and s02.period_start = i22.period_start
        and s02.origin_group = i22.origin_group
        and s02.gender = i22.gender
        and s02.age_band = i22.age_band
where abs(coalesce(s02.numerator, 0) - coalesce(i22.numerator, 0)) > 1e-9
