select
    -- ids
    conversation_id,
    person_key,
    -- codes
    conversation_type,
    channel,
    status,
    -- dates
    invited_at,
    self_book_deadline,
    scheduled_date,
    cancelled_at,
    -- lineage
    source_file
from {{ ref('stg_extracts__conversations_rows') }}
where row_outcome = 'staged'
