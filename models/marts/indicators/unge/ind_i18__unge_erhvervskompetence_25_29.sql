{#- I18: yearly, residents aged 25-29 -> those with a vocational qualification. -#}
with cells as (
    {{ yearly_extract_cells(
        'stg_extracts__education_attainment', 'attainment_year',
        numerator='with_vocational_qualification', denominator='population',
        min_age=25, max_age=29) }}
)

{{ indicator_output('I18', 'cells', frequency='yearly') }}
