{{ stage_extract_rows('conversations', checks=[
    code_check('conversation_type', 'code_lists', 'code', 'conversation_type'),
    code_check('channel', 'code_lists', 'code', 'channel'),
    code_check('status', 'code_lists', 'code', 'conversation_status'),
]) }}
