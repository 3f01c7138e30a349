with spells as (

    select * from {{ ref('stg_extracts__benefit_spells_rows') }}
    where row_outcome = 'staged'

),

pairs as (

    select * from {{ ref('benefit_visitation_pairs') }}

)

select
    -- ids
    spells.spell_id,
    spells.person_key,
    -- codes
    spells.municipality_code,
    spells.benefit_code,
    spells.visitation_category,
    pairs.target_group,
    -- dates
    spells.start_date,
    spells.end_date,
    -- measures and flags
    spells.hours_per_week,
    spells.in_integration_programme,
    spells.end_reason,
    -- lineage
    spells.source_file
from spells
inner join pairs
    on
        spells.benefit_code = pairs.benefit_code
        and coalesce(spells.visitation_category, '') = coalesce(pairs.visitation_category, '')
