{#-
    not_worse(direction, value, reference): the goal comparison of the comparison layer
    ("not worse" means >= for `higher`, <= for `lower`; equal counts as met), NULL when either
    side is NULL. `direction` is a SQL expression giving 'higher' or 'lower'.
-#}
{% macro not_worse(direction, value, reference) -%}
case
    when {{ value }} is null or {{ reference }} is null then null
    when {{ direction }} = 'higher' then {{ value }} >= {{ reference }}
    else {{ value }} <= {{ reference }}
end
{%- endmacro %}
