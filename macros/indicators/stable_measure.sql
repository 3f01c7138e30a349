{#-
    stable_measure(expr): a summed measure rounded to 6 decimals. Sums of fractional full-time
    persons differ in their last bits between two builds (the order of a parallel sum is not
    fixed); rounded to 6 decimals (the publish step's MEASURE_DECIMALS, far below anything a
    reader can see), every value computed from them, and every ranking, is the same in every
    build over the same delivery.

    exact_sum(expr): the sum of such rounded measures as an exact decimal, so its result does
    not depend on the order of the rows either.
-#}
{% macro stable_measure(expr) -%}
round(cast({{ expr }} as {{ type_double() }}), 6)
{%- endmacro %}

{% macro exact_sum(expr, scale=6) -%}
cast(sum(cast({{ expr }} as decimal(38, {{ scale }}))) as {{ type_double() }})
{%- endmacro %}
