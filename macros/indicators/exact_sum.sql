{#-
    exact_sum(expr, scale=10): the sum of a measure as an exact decimal, returned as a double.
    Each value is cast to decimal(38, scale) before summing, so the sum does not depend on the
    order of the rows (a parallel sum of doubles differs in its last bits between two builds;
    the cast changes a value by less than 10^-scale / 2, far below any reported digit).
-#}
{% macro exact_sum(expr, scale=10) -%}
cast(sum(cast({{ expr }} as decimal(38, {{ scale }}))) as {{ type_double() }})
{%- endmacro %}
