{#-
    I24 by origin, latest 12 reported months: goal 5 says the share of job-ready persons
    still on benefit 13 weeks after their first day of unemployment should be the same for
    citizens of non-western origin as for those of Danish and western origin together.

    One row per municipality: the share for `ikke_vestlig` and for `dansk` + `vestlig`, each
    from numerators and denominators summed over the latest 12 months I24 reports (I24 has a
    91-day reporting delay, so they end about three months before the as-of date) and over
    every other dimension, then the gap in percentage points (non-western minus the others;
    the goal is a gap of 0, and lower shares are better).

    Run: dbt compile -s i24_non_western_vs_other_latest_12m, then run the compiled SQL.
-#}
with indicator_values as (

    select * from {{ ref('fct_indicator_values') }}

),

municipalities as (

    select * from {{ ref('dim_municipality') }}

),

i24 as (

    select *
    from indicator_values
    where indicator_id = 'I24'

),

latest_month as (

    select max(period_start) as period_start
    from i24

),

-- "The latest 12 reported months": the 12 months ending with I24's latest period.
latest_12_months as (

    select i24.*
    from i24
    cross join latest_month
    where i24.period_start > {{ dbt.dateadd('month', -12, 'latest_month.period_start') }}

),

-- Goal 5 compares non-western origin with Danish and western origin together.
by_comparison_group as (

    select
        municipality_code,
        min(period_start) as first_month,
        max(period_start) as last_month,
        sum(case when origin_group = 'ikke_vestlig' then numerator else 0 end) as non_western_numerator,
        sum(case when origin_group = 'ikke_vestlig' then denominator else 0 end) as non_western_denominator,
        sum(case when origin_group in ('dansk', 'vestlig') then numerator else 0 end) as other_numerator,
        sum(case when origin_group in ('dansk', 'vestlig') then denominator else 0 end) as other_denominator
    from latest_12_months
    group by municipality_code

),

shares as (

    select
        *,
        {{ safe_divide('non_western_numerator', 'non_western_denominator') }} as non_western_share,
        {{ safe_divide('other_numerator', 'other_denominator') }} as other_share
    from by_comparison_group

)

select
    shares.municipality_code,
    municipalities.municipality_name,
    shares.first_month,
    shares.last_month,
    shares.non_western_numerator,
    shares.non_western_denominator,
    shares.non_western_share,
    shares.other_numerator,
    shares.other_denominator,
    shares.other_share,
    100 * (shares.non_western_share - shares.other_share) as gap_pp
from shares
inner join municipalities
    on shares.municipality_code = municipalities.municipality_code
order by shares.municipality_code
