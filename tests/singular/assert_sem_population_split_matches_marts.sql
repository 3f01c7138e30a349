{#-
    sem_indicator_values_population_split (I22 and S02 without target group) loses nothing and
    counts each person of the population once. Per indicator, municipality and period:
    * numerator: the sum equals the sum of the indicator's rows in fct_indicator_values
      (check_name = 'numerator');
    * denominator: the sum equals the population 16-66 of the municipality and period, the
      sum of S03's denominator (check_name = 'population'); summing I22's or S02's own
      denominator instead would count a cell once per target group and miss the cells
      without any recipient.
    Returns one row per disagreement.
-#}
with indicator_values as (

    select * from {{ ref('fct_indicator_values') }}

),

split_values as (

    select * from {{ ref('sem_indicator_values_population_split') }}

),

semantic_totals as (

    select
        indicator_id,
        municipality_code,
        period_start,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from split_values
    group by 1, 2, 3

),

reported_periods as (

    select distinct
        indicator_id,
        period_start
    from split_values

),

mart_numerators as (

    select
        indicator_values.indicator_id,
        indicator_values.municipality_code,
        indicator_values.period_start,
        sum(indicator_values.numerator) as numerator
    from indicator_values
    where indicator_values.indicator_id in (select distinct s.indicator_id from split_values as s)
    group by 1, 2, 3

),

-- The population 16-66 per municipality and period: S03's denominator, in the periods each
-- population-split indicator reports.
mart_populations as (

    select
        reported.indicator_id,
        s03.municipality_code,
        s03.period_start,
        sum(s03.denominator) as denominator
    from indicator_values as s03
    inner join reported_periods as reported
        on s03.period_start = reported.period_start
    where s03.indicator_id = 'S03'
    group by 1, 2, 3

),

numerator_issues as (

    select
        'numerator' as check_name,
        coalesce(m.indicator_id, s.indicator_id) as indicator_id,
        coalesce(m.municipality_code, s.municipality_code) as municipality_code,
        coalesce(m.period_start, s.period_start) as period_start,
        m.numerator as mart_value,
        s.numerator as semantic_value
    from mart_numerators as m
    full outer join semantic_totals as s
        on
            m.indicator_id = s.indicator_id
            and m.municipality_code = s.municipality_code
            and m.period_start = s.period_start
    where abs(coalesce(m.numerator, 0) - coalesce(s.numerator, 0)) > 1e-6

),

population_issues as (

    select
        'population' as check_name,
        coalesce(m.indicator_id, s.indicator_id) as indicator_id,
        coalesce(m.municipality_code, s.municipality_code) as municipality_code,
        coalesce(m.period_start, s.period_start) as period_start,
        m.denominator as mart_value,
        s.denominator as semantic_value
    from mart_populations as m
    full outer join semantic_totals as s
        on
            m.indicator_id = s.indicator_id
            and m.municipality_code = s.municipality_code
            and m.period_start = s.period_start
    where abs(coalesce(m.denominator, 0) - coalesce(s.denominator, 0)) > 1e-6

)

select * from numerator_issues
union all
select * from population_issues
