{{ stage_extract_rows('benchmarks', reference_persons=false, checks=[
    {
        'when': "area_code not in ('000', '1081', '1082', '1083', '1084', '1085') and "
            ~ unknown_code('area_code', 'municipalities', 'municipality_code'),
        'code': 'unknown_code',
        'reason': dbt.concat(["'area_code has an unknown code: '''", 'area_code', "''''"]),
    },
    code_check('indicator_id', 'indicator_catalog', 'indicator_id'),
    {
        'when': dbt.date_trunc('month', 'period_start') ~ ' <> period_start',
        'code': 'invalid_date',
        'reason': dbt.concat(["'period_start is not the first day of a month: '", 'period_start__raw']),
    },
    range_check('numerator', 0),
    range_check('denominator', 0),
]) }}
