{#-
    Row counts per extract: landed rows (every non-blank row of every file) against staged,
    quarantined and collapsed exact duplicates, each counted from its own model.
-#}
{%- for extract in extract_names() %}
select
    '{{ extract }}' as extract_name,
    (select count(*) from {{ ref('base_extracts__' ~ extract) }}) as landed_rows,
    (select count(*) from {{ ref('stg_extracts__' ~ extract) }}) as staged_rows,
    (
        select count(*) from {{ ref('stg_extracts__quarantine') }}
        where extract_name = '{{ extract }}'
    ) as quarantined_rows,
    (
        select count(*) from {{ ref('stg_extracts__' ~ extract ~ '_rows') }}
        where row_outcome = 'collapsed'
    ) as collapsed_rows
{% if not loop.last %}union all{% endif %}
{%- endfor %}
