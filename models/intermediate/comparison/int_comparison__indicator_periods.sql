{#-
    One row per indicator with a direction and period it reports: the calendar of the
    comparison layer (INDICATORS.md, Comparison layer), with each indicator's goal from the
    catalog.

    "A month is reported once month end + L <= as-of date" (L = the catalog's
    reporting_lag_days), from the first month starting on or after reporting_start; yearly
    indicators report the calendar years from the year of reporting_start that ended on or
    before the as-of date. These are the periods the marts report (reported_periods()).
-#}
with indicators as (

    select * from {{ ref('dim_indicator') }}

),

months as (

    select * from {{ ref('dim_month') }}

),

parameters as (

    select * from {{ ref('int_reporting__parameters') }}

),

-- "Indicators without a direction (I08, I27, S02, X01, X02) get no comparison rows"; an
-- indicator that is not built (I07x, I23, S19) reports no period.
compared_indicators as (

    select
        indicator_id,
        direction,
        frequency,
        reporting_lag_days,
        goal_kind,
        cast(target_value as {{ type_double() }}) as target_value
    from indicators
    where
        direction in ('higher', 'lower')
        and mart_name is not null

),

reported_periods as (

    select
        compared_indicators.indicator_id,
        months.month_start as period_start
    from compared_indicators
    cross join months
    cross join parameters
    where
        compared_indicators.frequency = 'monthly'
        and months.month_start >= parameters.reporting_start
        and {{ dbt.dateadd('day', 'compared_indicators.reporting_lag_days', 'months.month_end') }}
        <= parameters.as_of_date

    union all

    select
        compared_indicators.indicator_id,
        months.year_start as period_start
    from compared_indicators
    cross join months
    cross join parameters
    where
        compared_indicators.frequency = 'yearly'
        and months.calendar_month = 12
        and months.month_end <= parameters.as_of_date
        and months.year_start >= {{ dbt.date_trunc('year', 'parameters.reporting_start') }}

),

-- Periods counted back from the latest reported one (1 = latest).
ordered_periods as (

    select
        indicator_id,
        period_start,
        row_number() over (partition by indicator_id order by period_start desc) as periods_back
    from reported_periods

),

-- "The 25 periods ending with the second-latest reported month (the latest still receives
-- late registrations); for yearly indicators, every reported year, ending with the latest."
-- The end of the default window is the selection period of the top 10.
windows as (

    select
        ordered_periods.indicator_id,
        ordered_periods.period_start,
        compared_indicators.direction,
        compared_indicators.frequency,
        compared_indicators.goal_kind,
        compared_indicators.target_value,
        case
            when compared_indicators.frequency = 'yearly' then true
            else ordered_periods.periods_back between 2 and 26
        end as in_default_window,
        case
            when compared_indicators.frequency = 'yearly' then ordered_periods.periods_back = 1
            else ordered_periods.periods_back = 2
        end as is_selection_period
    from ordered_periods
    inner join compared_indicators
        on ordered_periods.indicator_id = compared_indicators.indicator_id

)

select
    windows.indicator_id,
    windows.period_start,
    windows.direction,
    windows.frequency,
    windows.goal_kind,
    windows.target_value,
    windows.in_default_window,
    windows.is_selection_period,
    max(case when windows.is_selection_period then windows.period_start end)
        over (partition by windows.indicator_id) as selection_period_start,
    -- "previous_value is NULL when the period 12 months earlier was not reported."
    previous_periods.period_start as previous_period_start
from windows
left join reported_periods as previous_periods
    on
        windows.indicator_id = previous_periods.indicator_id
        and {{ dbt.dateadd('month', -12, 'windows.period_start') }} = previous_periods.period_start
