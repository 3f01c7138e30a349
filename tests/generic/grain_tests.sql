{#-
    grain_unique: no two rows share the same values of `columns` (the model's grain). NULLs
    group together, so a NULL in a key column counts as a value, not as "unknown".

    Arguments: columns, the list of key columns.
    Fails with one row per duplicated key and the number of rows that carry it.
-#}
{% test grain_unique(model, columns) %}
select
    {%- for column in columns %}
    {{ column }},
    {%- endfor %}
    count(*) as rows_with_key
from {{ model }}
group by {% for column in columns %}{{ column }}{% if not loop.last %}, {% endif %}{% endfor %}
having count(*) > 1
{% endtest %}
