{{ stage_extract_rows('eud_applications', reference_persons=false, checks=[
    code_check('municipality_code', 'municipalities', 'municipality_code'),
    range_check('pupils', 0),
    range_check('eud_applicants', 0),
    {
        'when': 'eud_applicants > pupils',
        'code': 'out_of_range',
        'reason': "'eud_applicants exceeds pupils'",
    },
]) }}
