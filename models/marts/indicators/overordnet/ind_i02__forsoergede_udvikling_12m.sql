{#-
    I02: denominator full-time PUBLIC in m-12; numerator full-time PUBLIC in m minus full-time
    PUBLIC in m-12 (can be negative). All dimensions; m-12 is counted in its own cells.
-#}
with fulltime as (

    select * from {{ ref('int_fulltime__monthly') }}

),

public_groups as (

    select target_group from {{ ref('target_group_sets') }}
    where set_name = 'public'

),

-- Full-time persons count each spell in its own municipality and target group, with the age
-- at the last day of its own month (16-66 only).
public_fulltime as (

    select
        fulltime.month_start,
        fulltime.municipality_code,
        fulltime.origin_group,
        fulltime.gender,
        {{ age_band('fulltime.age') }} as age_band,
        fulltime.target_group,
        fulltime.fulltime_persons
    from fulltime
    inner join public_groups
        on fulltime.target_group = public_groups.target_group
    where fulltime.age between 16 and 66

),

-- Month m contributes its own full-time persons.
current_month as (

    select
        month_start as period_start,
        municipality_code,
        origin_group,
        gender,
        age_band,
        target_group,
        fulltime_persons as fulltime_m,
        cast(0 as {{ type_double() }}) as fulltime_m_minus_12
    from public_fulltime

),

-- "I02 computes m-12 in m-12's own cells (age at the end of m-12)": month m-12's full-time
-- persons, in their own cells, are reported on month m.
twelve_months_earlier as (

    select
        cast({{ dbt.dateadd('month', 12, 'month_start') }} as date) as period_start,
        municipality_code,
        origin_group,
        gender,
        age_band,
        target_group,
        cast(0 as {{ type_double() }}) as fulltime_m,
        fulltime_persons as fulltime_m_minus_12
    from public_fulltime

),

both_months as (

    select * from current_month
    union all
    select * from twelve_months_earlier

),

paired as (

    select
        period_start,
        municipality_code,
        origin_group,
        gender,
        age_band,
        target_group,
        sum(fulltime_m) as fulltime_m,
        sum(fulltime_m_minus_12) as fulltime_m_minus_12
    from both_months
    group by 1, 2, 3, 4, 5, 6

),

-- Numerator FT(m) - FT(m-12) (can be negative), denominator FT(m-12). Equal sums of day
-- fractions can differ in the last bits: a difference below 1e-9 full-time persons is 0.
cells as (

    select
        period_start,
        municipality_code,
        origin_group,
        gender,
        age_band,
        target_group,
        case
            when abs(fulltime_m - fulltime_m_minus_12) < 1e-9 then 0
            else fulltime_m - fulltime_m_minus_12
        end as numerator,
        fulltime_m_minus_12 as denominator
    from paired

)

{{ indicator_output('I02', 'cells') }}
