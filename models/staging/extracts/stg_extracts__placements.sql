select
    -- ids
    placement_id,
    person_key,
    employer_cvr,
    -- codes
    offer_type,
    employer_municipality_code,
    -- dates
    start_date,
    end_date,
    registered_at,
    -- measures
    hours_per_week,
    -- lineage
    source_file
from {{ ref('stg_extracts__placements_rows') }}
where row_outcome = 'staged'
