{#- I20: yearly, pupils -> EUD applicants; only the municipality dimension. -#}
with cells as (
    {{ yearly_extract_cells(
        'stg_extracts__eud_applications', 'application_year',
        numerator='eud_applicants', denominator='pupils', person_dims=false) }}
)

{{ indicator_output('I20', 'cells', frequency='yearly') }}
