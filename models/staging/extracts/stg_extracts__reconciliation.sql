{#-
    Row and line counts per extract, each counted from its own relation: the rows in the
    landed Parquet file and the non-blank physical lines of the delivery files (counted by the
    landing without a CSV parser), against the staged, quarantined and collapsed rows and the
    lines those rows span.
-#}
{%- for extract in extract_names() %}
select
    '{{ extract }}' as extract_name,
    (select count(*) from {{ source('extracts', extract) }}) as landed_rows,
    (
        select coalesce(sum(data_lines), 0) from {{ source('landing', 'files') }}
        where extract_name = '{{ extract }}'
    ) as data_lines,
    (select count(*) from {{ ref('stg_extracts__' ~ extract) }}) as staged_rows,
    (
        select count(*) from {{ ref('stg_extracts__quarantine') }}
        where extract_name = '{{ extract }}'
    ) as quarantined_rows,
    (
        select count(*) from {{ ref('stg_extracts__' ~ extract ~ '_rows') }}
        where row_outcome = 'collapsed'
    ) as collapsed_rows,
    (
        select coalesce(sum(line_count), 0) from {{ ref('stg_extracts__' ~ extract ~ '_rows') }}
        where row_outcome = 'staged'
    ) as staged_lines,
    (
        select coalesce(sum(line_count), 0) from {{ ref('stg_extracts__' ~ extract ~ '_rows') }}
        where row_outcome = 'quarantined'
    ) as quarantined_lines,
    (
        select coalesce(sum(line_count), 0) from {{ ref('stg_extracts__' ~ extract ~ '_rows') }}
        where row_outcome = 'collapsed'
    ) as collapsed_lines
{% if not loop.last %}union all{% endif %}
{%- endfor %}
