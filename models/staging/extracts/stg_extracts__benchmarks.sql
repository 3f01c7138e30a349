select
    -- keys
    period_start,
    area_code,
    indicator_id,
    -- measures
    numerator,
    denominator,
    value,
    -- lineage
    source_file
from {{ ref('stg_extracts__benchmarks_rows') }}
where row_outcome = 'staged'
