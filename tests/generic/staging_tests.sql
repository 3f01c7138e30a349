{#- The combination of `columns` is unique (and each row has them all). -#}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as rows_with_combination
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{#- Every landed row is staged, quarantined or collapsed: raw = staged + quarantined + collapsed,
    and every non-blank physical line of the delivery is in one of those rows. The counts come
    from separate relations (see stg_extracts__reconciliation). -#}
{% test rows_reconcile(model) %}
select *
from {{ model }}
where
    landed_rows <> staged_rows + quarantined_rows + collapsed_rows
    or data_lines <> staged_lines + quarantined_lines + collapsed_lines
{% endtest %}

{#- The model has exactly `expected` rows. -#}
{% test row_count_is(model, expected) %}
select count(*) as actual_rows
from {{ model }}
having count(*) <> {{ expected }}
{% endtest %}

{#- Extracts whose newest delivery file was written more than `max_days_before_as_of` days
    before the as-of date. -#}
{% test delivery_is_fresh(model, max_days_before_as_of) %}
select *
from {{ model }}
where days_from_as_of_to_newest_file < -{{ max_days_before_as_of }}
{% endtest %}
