select
    -- keys
    year as application_year,
    municipality_code,
    -- measures
    pupils,
    eud_applicants,
    -- lineage
    source_file
from {{ ref('stg_extracts__eud_applications_rows') }}
where row_outcome = 'staged'
