{{ stage_extract_rows('benefit_spells', checks=[
    code_check('municipality_code', 'municipalities', 'municipality_code'),
    code_check('benefit_code', 'benefit_codes', 'benefit_code'),
    code_check('visitation_category', 'code_lists', 'code', 'visitation_category'),
    {
        'when': "not exists (select 1 from " ~ ref('benefit_visitation_pairs') ~ " as pairs"
            ~ " where pairs.benefit_code = parsed.benefit_code"
            ~ " and coalesce(pairs.visitation_category, '') = coalesce(parsed.visitation_category, ''))",
        'code': 'invalid_combination',
        'reason': dbt.concat(["'benefit_code '''", "benefit_code",
            "''' does not allow visitation_category '''", "coalesce(visitation_category, '(empty)')", "''''"]),
    },
    end_before_start_check(),
    range_check('hours_per_week', 0),
]) }}
