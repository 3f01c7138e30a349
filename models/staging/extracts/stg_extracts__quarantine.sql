{#- Every quarantined row of every extract, with where it came from and why. -#}
{%- for extract in extract_names() %}
select
    extract_name,
    source_file,
    source_line,
    reject_reason_code as reason_code,
    reject_reason as reason,
    {{ original_values(extract) }} as original_values
from {{ ref('stg_extracts__' ~ extract ~ '_rows') }}
where row_outcome = 'quarantined'
{% if not loop.last %}union all{% endif %}
{%- endfor %}
