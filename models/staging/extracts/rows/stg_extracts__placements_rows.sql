{{ stage_extract_rows('placements', checks=[
    code_check('offer_type', 'offer_types', 'offer_type'),
    code_check('employer_municipality_code', 'municipalities', 'municipality_code'),
    end_before_start_check(),
    range_check('hours_per_week', 0),
]) }}
