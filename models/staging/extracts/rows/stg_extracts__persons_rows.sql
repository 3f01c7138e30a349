{{ stage_extract_rows('persons', reference_persons=false, checks=[
    code_check('municipality_code', 'municipalities', 'municipality_code'),
    code_check('origin_type', 'code_lists', 'code', 'origin_type'),
    {
        'when': "origin_type in ('indvandrer', 'efterkommer') and origin_country is null",
        'code': 'missing_required',
        'reason': "'origin_country is required for indvandrer and efterkommer'",
    },
    code_check('origin_country', 'countries', 'country_code', expr='upper(origin_country)'),
]) }}
