select
    -- keys
    quarter_start,
    municipality_code,
    age,
    gender,
    origin_group,
    -- measures
    population,
    labour_force,
    insured,
    -- lineage
    source_file
from {{ ref('stg_extracts__population_rows') }}
where row_outcome = 'staged'
