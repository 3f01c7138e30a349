{#-
    The common shape of every indicator mart. `cells` names a relation (usually a CTE) with
    one row per counted contribution or pre-aggregated cell and the columns
    municipality_code, period_start, origin_group, gender, age_band, target_group,
    numerator, denominator. This macro sums them per cell, computes
    value = numerator / denominator (NULL when the denominator is 0), or value = numerator
    for count indicators (denominator NULL), keeps only reported periods, and omits rows
    with nothing to count: numerator 0 and denominator 0 or NULL.

    indicator_id: the stable id (e.g. 'S15').
    measure: 'ratio' (default) or 'count'.
    frequency: 'monthly' or 'yearly' (which periods are reported, see reported_periods()).
    lag_days: reporting delay L; month m is reported once its end + L <= as-of date.
-#}
{% macro indicator_output(indicator_id, cells, measure='ratio', frequency='monthly', lag_days=0) -%}
select
    cast('{{ indicator_id }}' as {{ dbt.type_string() }}) as indicator_id,
    cast(cells.municipality_code as {{ dbt.type_string() }}) as municipality_code,
    cast(cells.period_start as date) as period_start,
    cast(cells.origin_group as {{ dbt.type_string() }}) as origin_group,
    cast(cells.gender as {{ dbt.type_string() }}) as gender,
    cast(cells.age_band as {{ dbt.type_string() }}) as age_band,
    cast(cells.target_group as {{ dbt.type_string() }}) as target_group,
    cast(sum(cells.numerator) as {{ type_double() }}) as numerator,
    {%- if measure == 'count' %}
    cast(null as {{ type_double() }}) as denominator,
    cast(sum(cells.numerator) as {{ type_double() }}) as value
    {%- else %}
    cast(sum(cells.denominator) as {{ type_double() }}) as denominator,
    {{ safe_divide('sum(cells.numerator)', 'sum(cells.denominator)') }} as value
    {%- endif %}
from {{ cells }} as cells
where cells.period_start in ({{ reported_periods(frequency, lag_days) }})
group by 1, 2, 3, 4, 5, 6, 7
having not (
    coalesce(sum(cells.numerator), 0) = 0
    and coalesce(sum(cells.denominator), 0) = 0
)
{%- endmacro %}

{#-
    The periods an indicator reports, as a subquery of period_start values.
    monthly: every month whose first day is on or after reporting_start and whose end + lag_days
    is on or before the as-of date. yearly: the calendar years from the year of reporting_start
    that ended on or before the as-of date (period_start = 1 January).
-#}
{% macro reported_periods(frequency='monthly', lag_days=0) -%}
    {%- if frequency == 'yearly' -%}
    select months.year_start
    from {{ ref('dim_month') }} as months
    cross join {{ ref('int_reporting__parameters') }} as parameters
    where
        months.calendar_month = 12
        and months.month_end <= parameters.as_of_date
        and months.year_start >= {{ dbt.date_trunc('year', 'parameters.reporting_start') }}
    {%- else -%}
    select months.month_start
    from {{ ref('dim_month') }} as months
    cross join {{ ref('int_reporting__parameters') }} as parameters
    where
        months.month_start >= parameters.reporting_start
        and {{ dbt.dateadd('day', lag_days, 'months.month_end') }} <= parameters.as_of_date
    {%- endif -%}
{%- endmacro %}
