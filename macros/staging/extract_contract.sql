{#-
    The raw extract contract (EXTRACTS.md) as data for the staging macros: per extract, its
    columns with kind and whether a value is required, and its key (id, or the natural key of
    an aggregated extract). Mirrors src/jobcenter_warehouse/contract.py; a pytest test keeps
    the two equal.
-#}
{% macro extract_contract() -%}
{{ return({
    'persons': {'key': ['person_key'], 'columns': [
        {'name': 'cpr', 'kind': 'cpr', 'required': true},
        {'name': 'municipality_code', 'kind': 'code', 'required': true},
        {'name': 'origin_type', 'kind': 'code', 'required': true},
        {'name': 'origin_country', 'kind': 'code', 'required': false},
        {'name': 'residence_permit_date', 'kind': 'date', 'required': false}]},
    'benefit_spells': {'key': ['spell_id'], 'columns': [
        {'name': 'spell_id', 'kind': 'text', 'required': true},
        {'name': 'cpr', 'kind': 'cpr', 'required': true},
        {'name': 'municipality_code', 'kind': 'code', 'required': true},
        {'name': 'benefit_code', 'kind': 'code', 'required': true},
        {'name': 'visitation_category', 'kind': 'code', 'required': false},
        {'name': 'start_date', 'kind': 'date', 'required': true},
        {'name': 'end_date', 'kind': 'date', 'required': false},
        {'name': 'hours_per_week', 'kind': 'decimal', 'required': false},
        {'name': 'in_integration_programme', 'kind': 'boolean', 'required': false},
        {'name': 'end_reason', 'kind': 'text', 'required': false}]},
    'conversations': {'key': ['conversation_id'], 'columns': [
        {'name': 'conversation_id', 'kind': 'text', 'required': true},
        {'name': 'cpr', 'kind': 'cpr', 'required': true},
        {'name': 'conversation_type', 'kind': 'code', 'required': true},
        {'name': 'channel', 'kind': 'code', 'required': true},
        {'name': 'invited_at', 'kind': 'timestamp', 'required': true},
        {'name': 'self_book_deadline', 'kind': 'date', 'required': false},
        {'name': 'scheduled_date', 'kind': 'date', 'required': false},
        {'name': 'status', 'kind': 'code', 'required': true},
        {'name': 'cancelled_at', 'kind': 'timestamp', 'required': false}]},
    'placements': {'key': ['placement_id'], 'columns': [
        {'name': 'placement_id', 'kind': 'text', 'required': true},
        {'name': 'cpr', 'kind': 'cpr', 'required': true},
        {'name': 'offer_type', 'kind': 'code', 'required': true},
        {'name': 'start_date', 'kind': 'date', 'required': true},
        {'name': 'end_date', 'kind': 'date', 'required': false},
        {'name': 'registered_at', 'kind': 'timestamp', 'required': true},
        {'name': 'employer_cvr', 'kind': 'text', 'required': false},
        {'name': 'employer_municipality_code', 'kind': 'code', 'required': false},
        {'name': 'hours_per_week', 'kind': 'decimal', 'required': false}]},
    'sanctions': {'key': ['sanction_id'], 'columns': [
        {'name': 'sanction_id', 'kind': 'text', 'required': true},
        {'name': 'cpr', 'kind': 'cpr', 'required': true},
        {'name': 'decision_date', 'kind': 'date', 'required': true},
        {'name': 'sanction_type', 'kind': 'code', 'required': true},
        {'name': 'reason', 'kind': 'code', 'required': true},
        {'name': 'benefit_code', 'kind': 'code', 'required': true},
        {'name': 'amount_dkk', 'kind': 'decimal', 'required': false}]},
    'population': {'key': ['quarter_start', 'municipality_code', 'age', 'gender', 'origin_group'], 'columns': [
        {'name': 'quarter_start', 'kind': 'date', 'required': true},
        {'name': 'municipality_code', 'kind': 'code', 'required': true},
        {'name': 'age', 'kind': 'integer', 'required': true},
        {'name': 'gender', 'kind': 'code', 'required': true},
        {'name': 'origin_group', 'kind': 'code', 'required': true},
        {'name': 'population', 'kind': 'integer', 'required': true},
        {'name': 'labour_force', 'kind': 'integer', 'required': false},
        {'name': 'insured', 'kind': 'integer', 'required': false}]},
    'education_attainment': {'key': ['year', 'municipality_code', 'age', 'gender', 'origin_group'], 'columns': [
        {'name': 'year', 'kind': 'integer', 'required': true},
        {'name': 'municipality_code', 'kind': 'code', 'required': true},
        {'name': 'age', 'kind': 'integer', 'required': true},
        {'name': 'gender', 'kind': 'code', 'required': true},
        {'name': 'origin_group', 'kind': 'code', 'required': true},
        {'name': 'population', 'kind': 'integer', 'required': true},
        {'name': 'with_vocational_qualification', 'kind': 'integer', 'required': true}]},
    'eud_applications': {'key': ['year', 'municipality_code'], 'columns': [
        {'name': 'year', 'kind': 'integer', 'required': true},
        {'name': 'municipality_code', 'kind': 'code', 'required': true},
        {'name': 'pupils', 'kind': 'integer', 'required': true},
        {'name': 'eud_applicants', 'kind': 'integer', 'required': true}]},
    'benchmarks': {'key': ['period_start', 'area_code', 'indicator_id'], 'columns': [
        {'name': 'period_start', 'kind': 'date', 'required': true},
        {'name': 'area_code', 'kind': 'code', 'required': true},
        {'name': 'indicator_id', 'kind': 'code', 'required': true},
        {'name': 'numerator', 'kind': 'decimal', 'required': false},
        {'name': 'denominator', 'kind': 'decimal', 'required': false},
        {'name': 'value', 'kind': 'decimal', 'required': false}]},
}) }}
{%- endmacro %}
