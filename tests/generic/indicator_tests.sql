{#-
    Generic tests applied to every indicator mart. Each returns the rows that break the rule.
-#}

{#- One row per cell: municipality, period, origin group, gender, age band, target group. -#}
{% test indicator_grain_unique(model) %}
select municipality_code, period_start, origin_group, gender, age_band, target_group, count(*) as rows_in_cell
from {{ model }}
group by 1, 2, 3, 4, 5, 6
having count(*) > 1
{% endtest %}

{#- value = numerator / denominator (NULL when the denominator is 0); for counts value = numerator
    and the denominator is NULL. Compared with a relative tolerance of 1e-9. -#}
{% test indicator_value_is_ratio(model, measure='ratio') %}
select *
from {{ model }}
where
{%- if measure == 'count' %}
    denominator is not null
    or value is null
    or abs(value - numerator) > 1e-9 * greatest(abs(numerator), 1)
{%- else %}
    (coalesce(denominator, 0) = 0 and value is not null)
    or (denominator <> 0 and (value is null
        or abs(value - numerator / denominator) > 1e-9 * greatest(abs(numerator / denominator), 1)))
{%- endif %}
{% endtest %}

{#- For shares: 0 <= numerator <= denominator (a tolerance of 1e-9 for sums of fractions). -#}
{% test indicator_numerator_within_denominator(model) %}
select *
from {{ model }}
where numerator < 0 or numerator > denominator + 1e-9
{% endtest %}

{#- Counts are never negative; `columns` lists which (numerator may be negative for I02). -#}
{% test indicator_non_negative(model, columns=['numerator', 'denominator']) %}
select *
from {{ model }}
where {% for col in columns %}{{ col }} < 0{% if not loop.last %} or {% endif %}{% endfor %}
{% endtest %}

{#- Rows with nothing to count are omitted: no numerator 0 with a denominator 0 or NULL. -#}
{% test indicator_no_empty_rows(model) %}
select *
from {{ model }}
where coalesce(numerator, 0) = 0 and coalesce(denominator, 0) = 0
{% endtest %}

{#- Every dimension holds only the spec's values: the seeds' codes, `i_alt` where a dimension
    does not apply, `uden_ydelse` for persons without a spell at the measurement date. -#}
{% test indicator_dimension_values(model) %}
select *
from {{ model }}
where
    municipality_code not in (select municipality_code from {{ ref('municipalities') }})
    or origin_group not in ('dansk', 'vestlig', 'ikke_vestlig', 'i_alt')
    or gender not in ('mand', 'kvinde', 'i_alt')
    or age_band not in (select age_band from {{ ref('age_bands') }} union all select 'i_alt')
    or target_group not in (
        select target_group from {{ ref('target_groups') }}
        union all select 'uden_ydelse'
        union all select 'i_alt'
    )
    or period_start is null
    or indicator_id is null
{% endtest %}
