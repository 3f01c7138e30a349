{{ stage_extract_rows('education_attainment', reference_persons=false, checks=[
    code_check('municipality_code', 'municipalities', 'municipality_code'),
    code_check('gender', 'code_lists', 'code', 'gender'),
    code_check('origin_group', 'code_lists', 'code', 'origin_group'),
    range_check('age', 25, 29),
    range_check('population', 0),
    range_check('with_vocational_qualification', 0),
    {
        'when': 'with_vocational_qualification > population',
        'code': 'out_of_range',
        'reason': "'with_vocational_qualification exceeds population'",
    },
]) }}
