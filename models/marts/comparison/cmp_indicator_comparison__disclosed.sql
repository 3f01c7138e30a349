{#-
    cmp_indicator_comparison under the disclosure rule (INDICATORS.md, Comparison layer,
    Disclosure): "a municipality value whose total numerator or denominator counts fewer
    persons than the threshold is suppressed, and so is every derived column that would
    reveal it." A count is small when 0 < |count| < var('disclosure_threshold') (default 5),
    the publish step's rule. Same rows and columns as cmp_indicator_comparison, plus one flag
    per suppressed group of columns; see cmp_indicator_comparison.md.
-#}
{%- set threshold = var('disclosure_threshold') -%}
with comparison as (

    select * from {{ ref('cmp_indicator_comparison') }}

),

indicator_periods as (

    select * from {{ ref('int_comparison__indicator_periods') }}

),

municipality_values as (

    select * from {{ ref('int_comparison__municipality_values') }}

),

origin_values as (

    select * from {{ ref('int_comparison__origin_values') }}

),

top10_members as (

    select * from {{ ref('int_comparison__top10_members') }}

),

-- Primary suppression of every computed municipality value.
computed_values as (

    select
        indicator_id,
        period_start,
        municipality_code,
        coalesce(
            {{ is_small_count('numerator', threshold) }} or {{ is_small_count('denominator', threshold) }},
            false
        ) as is_suppressed
    from municipality_values
    where is_delivered

),

-- A top-10 mean over a suppressed member value reveals it (the other members' values are
-- published in their own rows or by jobindsats.dk).
top10_suppressions as (

    select distinct
        computed_values.indicator_id,
        computed_values.period_start
    from computed_values
    inner join top10_members
        on
            computed_values.indicator_id = top10_members.indicator_id
            and computed_values.municipality_code = top10_members.municipality_code
    where computed_values.is_suppressed

),

flags as (

    select
        comparison.*,
        coalesce(own.is_suppressed, false) as value_suppressed,
        (
            coalesce(previous.is_suppressed, false) and comparison.previous_value is not null
        ) as previous_value_suppressed,
        coalesce(
            own.is_suppressed
            or {{ is_small_count('origin_values.nonwestern_numerator', threshold) }}
            or {{ is_small_count('origin_values.nonwestern_denominator', threshold) }},
            false
        ) and comparison.nonwestern_value is not null as nonwestern_value_suppressed,
        coalesce(
            own.is_suppressed
            or {{ is_small_count('origin_values.others_numerator', threshold) }}
            or {{ is_small_count('origin_values.others_denominator', threshold) }},
            false
        ) and comparison.others_value is not null as others_value_suppressed,
        top10_suppressions.indicator_id is not null as top10_value_suppressed
    from comparison
    inner join indicator_periods
        on
            comparison.indicator_id = indicator_periods.indicator_id
            and comparison.period_start = indicator_periods.period_start
    inner join computed_values as own
        on
            comparison.indicator_id = own.indicator_id
            and comparison.period_start = own.period_start
            and comparison.municipality_code = own.municipality_code
    left join computed_values as previous
        on
            comparison.indicator_id = previous.indicator_id
            and indicator_periods.previous_period_start = previous.period_start
            and comparison.municipality_code = previous.municipality_code
    left join origin_values
        on
            comparison.indicator_id = origin_values.indicator_id
            and comparison.period_start = origin_values.period_start
            and comparison.municipality_code = origin_values.municipality_code
    left join top10_suppressions
        on
            comparison.indicator_id = top10_suppressions.indicator_id
            and comparison.period_start = top10_suppressions.period_start

)

select
    indicator_id,
    municipality_code,
    period_start,
    frequency,
    direction,
    case when not value_suppressed then numerator end as numerator,
    case when not value_suppressed then denominator end as denominator,
    case when not value_suppressed then value end as value,
    national_value,
    national_source,
    case when not top10_value_suppressed then top10_value end as top10_value,
    top10_source,
    top10_count,
    top10_selection_period,
    region_code,
    -- The rank and the region's size tell where the hidden value lies.
    case when not value_suppressed then region_rank end as region_rank,
    case when not value_suppressed then region_size end as region_size,
    in_default_window,
    goal_kind,
    target_value,
    -- goal_met compares a value with a reference: hidden when that value is.
    case
        when goal_kind = 'parity' and (nonwestern_value_suppressed or others_value_suppressed) then null
        when goal_kind = 'trend' and previous_value_suppressed then null
        when goal_kind <> 'parity' and value_suppressed then null
        else goal_met
    end as goal_met,
    case when not previous_value_suppressed then previous_value end as previous_value,
    case when not nonwestern_value_suppressed then nonwestern_value end as nonwestern_value,
    case when not others_value_suppressed then others_value end as others_value,
    value_suppressed,
    previous_value_suppressed,
    nonwestern_value_suppressed,
    others_value_suppressed,
    top10_value_suppressed
from flags
