{#-
    Every landed row of one extract with its parsed values and its outcome:
    `staged`, `quarantined` (with reject_reason_code and a readable reject_reason) or `collapsed`
    (an exact duplicate of an earlier row). The checks run in the contract's order and the
    first failing one gives the reason:
      1. duplicate collapse: rows whose contract columns are all equal after parsing collapse
         into the first (by file, line);
      2. row parsing and validation: malformed row, missing required value, CPR shape and
         date, unparseable date/timestamp/number/boolean, then the extract's own `checks`
         (unknown codes, invalid combinations, end before start, ...);
      3. conflicting ids: among rows that passed 2, an id (natural key) carried by more than
         one row quarantines all of them;
      4. reference to a person absent from the clean persons (person-level extracts).

    extract: the extract name (a key of extract_contract()).
    checks: list of {'when': <sql condition on parsed columns>, 'code': reason code,
            'reason': <sql string expression>} applied in order after the type checks.
    reference_persons: quarantine rows whose person is not in stg_extracts__persons.
-#}
{% macro stage_extract_rows(extract, checks=[], reference_persons=true) -%}
{%- set spec = extract_contract()[extract] -%}
{%- set columns = spec['columns'] -%}
{%- set parsers = {'date': 'parse_date', 'timestamp': 'parse_timestamp', 'decimal': 'parse_decimal',
                   'integer': 'parse_integer', 'boolean': 'parse_boolean'} -%}
{%- set kind_names = {'date': 'a valid date (YYYY-MM-DD)', 'timestamp': 'a valid timestamp (YYYY-MM-DD HH:MM:SS)',
                      'decimal': 'a valid decimal number', 'integer': 'a valid integer',
                      'boolean': 'a valid boolean (true/false/1/0)'} -%}
{%- set kind_codes = {'date': 'invalid_date', 'timestamp': 'invalid_timestamp', 'decimal': 'invalid_decimal',
                      'integer': 'invalid_integer', 'boolean': 'invalid_boolean'} -%}

{%- if target.type == 'duckdb' %}
-- depends_on: {{ ref('base_extracts__landing_checked') }}
{%- endif %}

with landed as (

    select * from {{ source('extracts', extract) }}

),

parsed as (

    select
        _source_file as source_file,
        cast(_source_line as {{ dbt.type_bigint() }}) as source_line,
        cast(_line_count as {{ dbt.type_int() }}) as line_count,
        cast(_file_modified_at as {{ dbt.type_timestamp() }}) as file_modified_at,
        {%- for col in columns %}
        {%- if col.kind == 'cpr' %}
        person_key,
        cpr_shape_ok,
        birth_date,
        gender as gender_from_cpr,
        {%- elif col.kind in parsers %}
        {{ col.name }} as {{ col.name }}__raw,
        {{ context[parsers[col.kind]](col.name) }} as {{ col.name }},
        {%- else %}
        {{ col.name }},
        {%- endif %}
        {%- endfor %}
        _malformed_reason as malformed_reason,
        _extra_fields as extra_fields
    from landed

),

checked as (

    select
        parsed.*,
        case
            when malformed_reason is not null then 'malformed_row'
            {%- for col in columns if col.required %}
            when {{ 'person_key' if col.kind == 'cpr' else (col.name ~ '__raw' if col.kind in parsers else col.name) }} is null then 'missing_required'
            {%- endfor %}
            {%- for col in columns if col.kind == 'cpr' %}
            when not cpr_shape_ok then 'invalid_cpr'
            when birth_date is null then 'invalid_cpr_date'
            {%- endfor %}
            {%- for col in columns if col.kind in parsers %}
            when {{ col.name }}__raw is not null and {{ col.name }} is null then '{{ kind_codes[col.kind] }}'
            {%- endfor %}
            {%- for check in checks %}
            when {{ check.when }} then '{{ check.code }}'
            {%- endfor %}
        end as check_code,
        case
            when malformed_reason is not null then {{ dbt.concat(["'malformed row: '", 'malformed_reason']) }}
            {%- for col in columns if col.required %}
            when {{ 'person_key' if col.kind == 'cpr' else (col.name ~ '__raw' if col.kind in parsers else col.name) }} is null then '{{ col.name }} is required but empty'
            {%- endfor %}
            {%- for col in columns if col.kind == 'cpr' %}
            when not cpr_shape_ok then 'cpr is not a CPR number (DDMMYY-SSSS or DDMMYYSSSS in digits 0-9)'
            when birth_date is null then 'cpr does not start with a real date (DDMMYY)'
            {%- endfor %}
            {%- for col in columns if col.kind in parsers %}
            when {{ col.name }}__raw is not null and {{ col.name }} is null
                then {{ dbt.concat(["'" ~ col.name ~ " is not " ~ kind_names[col.kind] ~ ": '''", col.name ~ '__raw', "''''"]) }}
            {%- endfor %}
            {%- for check in checks %}
            when {{ check.when }} then {{ check.reason }}
            {%- endfor %}
        end as check_reason
    from parsed

),

-- Exact duplicate rows (all contract columns equal after parsing, across files) collapse to one.
ranked as (

    select
        checked.*,
        row_number() over (
            partition by
                malformed_reason, extra_fields
                {%- for col in columns %}
                {%- if col.kind == 'cpr' %}, person_key
                {%- elif col.kind in parsers %}, {{ col.name }}, case when {{ col.name }} is null then {{ col.name }}__raw end
                {%- else %}, {{ col.name }}
                {%- endif %}
                {%- endfor %}
            order by source_file, source_line
        ) as duplicate_rank
    from checked

),

-- One id (natural key) on rows with different content: every such row is quarantined.
-- Only rows that passed parsing and validation take part.
keyed as (

    select
        ranked.*,
        sum(case when duplicate_rank = 1 and check_code is null then 1 else 0 end) over (
            partition by {{ spec['key'] | join(', ') }}
        ) as rows_with_key
    from ranked

),

outcome as (

    select
        keyed.*,
        case
            when duplicate_rank > 1 then 'collapsed_duplicate'
            when check_code is not null then check_code
            when rows_with_key > 1 then 'conflicting_duplicate'
            {%- if reference_persons %}
            when persons.person_key is null then 'unknown_person'
            {%- endif %}
        end as reject_reason_code,
        case
            when duplicate_rank > 1 then 'exact duplicate of an earlier row (collapsed)'
            when check_code is not null then check_reason
            when rows_with_key > 1 then {{ dbt.concat([
                "'" ~ (spec['key'] | join(', ')) ~ " is shared by '",
                "cast(rows_with_key as " ~ dbt.type_string() ~ ")",
                "' rows with different content'"]) }}
            {%- if reference_persons %}
            when persons.person_key is null then 'cpr is not among the clean persons (missing or quarantined there)'
            {%- endif %}
        end as reject_reason
    from keyed
    {%- if reference_persons %}
    left join {{ ref('stg_extracts__persons') }} as persons
        on keyed.person_key = persons.person_key
    {%- endif %}

)

select
    '{{ extract }}' as extract_name,
    source_file,
    source_line,
    line_count,
    file_modified_at,
    case
        when reject_reason_code is null then 'staged'
        when reject_reason_code = 'collapsed_duplicate' then 'collapsed'
        else 'quarantined'
    end as row_outcome,
    reject_reason_code,
    reject_reason,
    {%- for col in columns %}
    {%- if col.kind == 'cpr' %}
    outcome.person_key,
    birth_date,
    gender_from_cpr,
    {%- elif col.kind in parsers %}
    {{ col.name }}__raw,
    {{ col.name }},
    {%- else %}
    {{ col.name }},
    {%- endif %}
    {%- endfor %}
    extra_fields
from outcome
{%- endmacro %}
