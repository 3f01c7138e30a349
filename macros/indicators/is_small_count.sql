{#-
    is_small_count(count, threshold): true when a count is strictly between 0 and the
    disclosure threshold in absolute value (the publish step's primary-suppression rule:
    0 is not a small count; a NULL count gives NULL). Fractional full-time persons count as
    they are: 4.99 is below 5.
-#}
{% macro is_small_count(count, threshold) -%}
(abs({{ count }}) > 0 and abs({{ count }}) < {{ threshold }})
{%- endmacro %}
