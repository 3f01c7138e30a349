{#-
    Figure 2 of STAR's key-figure report ("Borgere i kommunen i den arbejdsdygtige alder
    (16-66 år) fordelt på arbejdsmarkedsstatus") for one municipality and one quarter.

    One row per benefit group of the benefit_codes seed (its star_figure2_label, in its
    sort_order), after the total 'Ydelsesmodtagere' and before the population row
    'Befolkning (16-66 år)'. Columns, as in the figure:
      fulltime_persons     full-time persons: the mean over the quarter's months of S02's
                           numerator summed over the group's target groups;
      share_pct            full-time persons / population 16-66, in per cent;
      national_share_pct   the same over every municipality, computed only when the data
                           holds all 98 municipalities (else NULL);
      national_benchmark_pct  the benchmark extract's value for area '000' (all of Denmark)
                           of S02, else of I22 (the same measure at the total level), on the
                           total row only (the extract has no target group);
      change_pp            share_pct minus the share in the same quarter a year earlier, in
                           percentage points; national_change_pp likewise for the country.
    The population is the quarter's population 16-66. S02 repeats the population cell on
    each target group's row (never sum it over target groups): each cell is taken once, from
    S02 and from S03, whose denominator is the same population 16-66 and keeps the cells
    without any benefit recipient.

    Run: dbt compile -s figure_2_star_noegletal --vars '{figure2_municipality: "151",
    figure2_quarter: "2018-04-01"}', then run the compiled SQL
    (target/compiled/.../analyses/figure_2_star_noegletal.sql) against the warehouse.
-#}
{%- set municipality_code = var('figure2_municipality', '151') -%}
{%- set quarter_start = "cast('" ~ var('figure2_quarter', '2018-04-01') ~ "' as date)" -%}

with indicator_values as (

    select * from {{ ref('fct_indicator_values') }}

),

months as (

    select * from {{ ref('dim_month') }}

),

target_groups as (

    select * from {{ ref('dim_target_group') }}

),

municipalities as (

    select * from {{ ref('dim_municipality') }}

),

benefit_codes as (

    select * from {{ ref('benefit_codes') }}

),

benchmarks as (

    select * from {{ ref('stg_extracts__benchmarks') }}

),

-- The quarter shown and the same quarter a year earlier.
quarters as (

    select
        {{ quarter_start }} as quarter_start,
        'current' as quarter_role
    union all
    select
        cast({{ dbt.dateadd('year', -1, quarter_start) }} as date) as quarter_start,
        'previous' as quarter_role

),

quarter_rows as (

    select
        quarters.quarter_role,
        indicator_values.*
    from indicator_values
    inner join months
        on indicator_values.period_start = months.month_start
    inner join quarters
        on months.quarter_start = quarters.quarter_start
    where indicator_values.indicator_id in ('S02', 'S03')

),

-- "Population 16-66": one value per municipality, month and cell, however many target
-- group rows repeat it; the quarter's population is the mean over its months.
population_cells as (

    select
        quarter_role,
        municipality_code,
        period_start,
        origin_group,
        gender,
        age_band,
        max(denominator) as population
    from quarter_rows
    group by quarter_role, municipality_code, period_start, origin_group, gender, age_band

),

population as (

    select
        quarter_role,
        municipality_code,
        count(distinct period_start) as months_in_data,
        sum(population) / count(distinct period_start) as population
    from population_cells
    group by quarter_role, municipality_code

),

-- "Antal fuldtidspersoner": S02's numerators per benefit group, summed over the quarter's
-- months and divided by the months in the data (the mean over the quarter).
fulltime_by_benefit as (

    select
        quarter_rows.quarter_role,
        quarter_rows.municipality_code,
        target_groups.benefit_code,
        sum(quarter_rows.numerator) as numerator_month_sum
    from quarter_rows
    inner join target_groups
        on quarter_rows.target_group = target_groups.target_group
    where quarter_rows.indicator_id = 'S02'
    group by quarter_rows.quarter_role, quarter_rows.municipality_code, target_groups.benefit_code

),

-- The total row 'Ydelsesmodtagere' is every benefit group together.
fulltime_with_total as (

    select * from fulltime_by_benefit
    union all
    select
        quarter_role,
        municipality_code,
        'i_alt' as benefit_code,
        sum(numerator_month_sum) as numerator_month_sum
    from fulltime_by_benefit
    group by quarter_role, municipality_code

),

municipality_shares as (

    select
        fulltime_with_total.quarter_role,
        fulltime_with_total.municipality_code,
        fulltime_with_total.benefit_code,
        fulltime_with_total.numerator_month_sum / population.months_in_data as fulltime_persons,
        population.population
    from fulltime_with_total
    inner join population
        on
            fulltime_with_total.quarter_role = population.quarter_role
            and fulltime_with_total.municipality_code = population.municipality_code

),

-- "Andel af befolkningen i hele landet": computed over every municipality, and only when
-- the data holds all of them.
national_population as (

    select
        quarter_role,
        count(distinct municipality_code) as municipalities_in_data,
        sum(population) as population
    from population
    group by quarter_role

),

national_shares as (

    select
        municipality_shares.quarter_role,
        municipality_shares.benefit_code,
        case
            when national_population.municipalities_in_data = (select count(*) from municipalities)
                then {{ safe_divide('sum(municipality_shares.fulltime_persons)', 'national_population.population') }}
        end as national_share
    from municipality_shares
    inner join national_population
        on municipality_shares.quarter_role = national_population.quarter_role
    group by
        municipality_shares.quarter_role,
        municipality_shares.benefit_code,
        national_population.municipalities_in_data,
        national_population.population

),

-- The benchmark extract's national value (area '000'), one value per month and no target
-- group: S02's, else I22's (the same full-time PUBLIC persons over the population 16-66).
national_benchmark_by_indicator as (

    select
        quarters.quarter_role,
        benchmarks.indicator_id,
        coalesce(
            {{ safe_divide('sum(benchmarks.numerator)', 'sum(benchmarks.denominator)') }},
            avg(benchmarks.value)
        ) as national_share
    from benchmarks
    inner join months
        on benchmarks.period_start = months.month_start
    inner join quarters
        on months.quarter_start = quarters.quarter_start
    where
        benchmarks.area_code = '000'
        and benchmarks.indicator_id in ('S02', 'I22')
    group by quarters.quarter_role, benchmarks.indicator_id

),

national_benchmark as (

    select
        quarter_role,
        coalesce(
            max(case when indicator_id = 'S02' then national_share end),
            max(case when indicator_id = 'I22' then national_share end)
        ) as national_share
    from national_benchmark_by_indicator
    group by quarter_role

),

figure_rows as (

    select
        0 as sort_order,
        'Ydelsesmodtagere' as label,
        'i_alt' as benefit_code
    union all
    select
        sort_order,
        star_figure2_label as label,
        benefit_code
    from benefit_codes

),

selected as (

    select
        quarter_role,
        benefit_code,
        fulltime_persons,
        {{ safe_divide('fulltime_persons', 'population') }} as share
    from municipality_shares
    where municipality_code = '{{ municipality_code }}'

),

selected_population as (

    select population
    from population
    where quarter_role = 'current' and municipality_code = '{{ municipality_code }}'

),

benefit_group_rows as (

    select
        figure_rows.sort_order,
        figure_rows.label,
        figure_rows.benefit_code,
        coalesce(current_quarter.fulltime_persons, 0) as fulltime_persons,
        100 * current_quarter.share as share_pct,
        100 * national_current.national_share as national_share_pct,
        case when figure_rows.benefit_code = 'i_alt' then 100 * benchmark_current.national_share end
            as national_benchmark_pct,
        100 * (current_quarter.share - previous_quarter.share) as change_pp,
        100 * (national_current.national_share - national_previous.national_share) as national_change_pp
    from figure_rows
    left join selected as current_quarter
        on
            figure_rows.benefit_code = current_quarter.benefit_code
            and current_quarter.quarter_role = 'current'
    left join selected as previous_quarter
        on
            figure_rows.benefit_code = previous_quarter.benefit_code
            and previous_quarter.quarter_role = 'previous'
    left join national_shares as national_current
        on
            figure_rows.benefit_code = national_current.benefit_code
            and national_current.quarter_role = 'current'
    left join national_shares as national_previous
        on
            figure_rows.benefit_code = national_previous.benefit_code
            and national_previous.quarter_role = 'previous'
    left join national_benchmark as benchmark_current
        on benchmark_current.quarter_role = 'current'

),

population_row as (

    select
        99 as sort_order,
        'Befolkning (16-66 år)' as label,
        cast(null as {{ dbt.type_string() }}) as benefit_code,
        population as fulltime_persons,
        cast(null as {{ type_double() }}) as share_pct,
        cast(null as {{ type_double() }}) as national_share_pct,
        cast(null as {{ type_double() }}) as national_benchmark_pct,
        cast(null as {{ type_double() }}) as change_pp,
        cast(null as {{ type_double() }}) as national_change_pp
    from selected_population

),

figure as (

    select * from benefit_group_rows
    union all
    select * from population_row

)

select
    sort_order,
    label,
    benefit_code,
    round(cast(fulltime_persons as {{ dbt.type_numeric() }}), 0) as fulltime_persons,
    round(cast(share_pct as {{ dbt.type_numeric() }}), 1) as share_pct,
    round(cast(national_share_pct as {{ dbt.type_numeric() }}), 1) as national_share_pct,
    round(cast(national_benchmark_pct as {{ dbt.type_numeric() }}), 1) as national_benchmark_pct,
    round(cast(change_pp as {{ dbt.type_numeric() }}), 1) as change_pp,
    round(cast(national_change_pp as {{ dbt.type_numeric() }}), 1) as national_change_pp
from figure
order by sort_order
