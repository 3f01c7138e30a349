select
    -- ids
    sanction_id,
    person_key,
    -- codes
    sanction_type,
    reason,
    benefit_code,
    -- dates
    decision_date,
    -- measures
    amount_dkk,
    -- lineage
    source_file
from {{ ref('stg_extracts__sanctions_rows') }}
where row_outcome = 'staged'
