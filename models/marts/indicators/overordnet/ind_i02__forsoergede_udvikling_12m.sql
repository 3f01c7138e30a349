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

-- Month m adds its full-time persons to the numerator.
current_month as (

    select
        month_start as period_start,
        municipality_code,
        origin_group,
        gender,
        age_band,
        target_group,
        fulltime_persons as numerator,
        cast(0 as {{ type_double() }}) as denominator
    from public_fulltime

),

-- "I02 computes m-12 in m-12's own cells (age at the end of m-12)": month m-12's full-time
-- persons, in their own cells, are reported on month m, subtracted from the numerator and
-- forming the denominator.
twelve_months_earlier as (

    select
        cast({{ dbt.dateadd('month', 12, 'month_start') }} as date) as period_start,
        municipality_code,
        origin_group,
        gender,
        age_band,
        target_group,
        -fulltime_persons as numerator,
        fulltime_persons as denominator
    from public_fulltime

),

cells as (

    select * from current_month
    union all
    select * from twelve_months_earlier

)

{{ indicator_output('I02', 'cells') }}
