select
    -- keys
    year as attainment_year,
    municipality_code,
    age,
    gender,
    origin_group,
    -- measures
    population,
    with_vocational_qualification,
    -- lineage
    source_file
from {{ ref('stg_extracts__education_attainment_rows') }}
where row_outcome = 'staged'
