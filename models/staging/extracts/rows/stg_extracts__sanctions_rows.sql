{{ stage_extract_rows('sanctions', checks=[
    code_check('sanction_type', 'code_lists', 'code', 'sanction_type'),
    code_check('reason', 'code_lists', 'code', 'sanction_reason'),
    code_check('benefit_code', 'benefit_codes', 'benefit_code'),
    range_check('amount_dkk', 0),
]) }}
