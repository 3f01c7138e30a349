{#-
    Age in whole years on `at_date`. A birthday is reached on its calendar date; a 29 February
    birthday is reached on 1 March in other years (the month-day comparison does that).
-#}
{% macro age_at(birth_date, at_date) -%}
    (
        {{ date_part('year', at_date) }} - {{ date_part('year', birth_date) }}
        - case
            when {{ date_part('month', at_date) }} * 100 + {{ date_part('day', at_date) }}
                < {{ date_part('month', birth_date) }} * 100 + {{ date_part('day', birth_date) }}
                then 1
            else 0
        end
    )
{%- endmacro %}

{#- The spec's age band of an age (16-66 only; NULL outside, which no indicator counts). -#}
{% macro age_band(age) -%}
    case
        when {{ age }} between 16 and 24 then '16-24'
        when {{ age }} between 25 and 29 then '25-29'
        when {{ age }} between 30 and 39 then '30-39'
        when {{ age }} between 40 and 49 then '40-49'
        when {{ age }} between 50 and 59 then '50-59'
        when {{ age }} between 60 and 66 then '60+'
    end
{%- endmacro %}
