{#-
    X05: exits to self-support on a day e in m (events, not persons) -> those followed by an
    effective PUBLIC spell starting in [e+1, e+182]. Cell of the ending spell (target group,
    municipality); age on the exit day. Reported once m's end + 182 days <= as-of date.
-#}
with exits as (

    select * from {{ ref('int_exits__self_support') }}

),

-- "Every indicator counts persons only while aged 16-66 at its measurement date" (the exit day).
counted_exits as (

    select *
    from exits
    where age_at_exit_date between 16 and 66

),

-- "X05: relapse = a PUBLIC spell starting in [e+1, e+182]." No PUBLIC spell covers
-- [e+1, e+28], so the person's next PUBLIC spell after e is the one to look at.
cells as (

    select
        cast({{ dbt.date_trunc('month', 'exit_date') }} as date) as period_start,
        municipality_code,
        origin_group,
        gender,
        {{ age_band('age_at_exit_date') }} as age_band,
        target_group,
        case
            when next_spell_start_date <= {{ dbt.dateadd('day', 182, 'exit_date') }} then 1
            else 0
        end as numerator,
        1 as denominator
    from counted_exits

)

{{ indicator_output('X05', 'cells', lag_days=182) }}
