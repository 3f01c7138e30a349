{{ stage_extract_rows('population', reference_persons=false, checks=[
    {
        'when': dbt.date_trunc('quarter', 'quarter_start') ~ ' <> quarter_start',
        'code': 'invalid_quarter_start',
        'reason': dbt.concat(["'quarter_start is not the first day of a quarter: '", 'quarter_start__raw']),
    },
    code_check('municipality_code', 'municipalities', 'municipality_code'),
    code_check('gender', 'code_lists', 'code', 'gender'),
    code_check('origin_group', 'code_lists', 'code', 'origin_group'),
    range_check('age', 16, 66),
    range_check('population', 0),
    range_check('labour_force', 0),
    range_check('insured', 0),
]) }}
