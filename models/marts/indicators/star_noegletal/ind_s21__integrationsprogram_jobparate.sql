{#- S21: persons at month end on selvforsoergelsesydelse in the integration programme (flag of the
    spell covering month end) -> those whose visitation on that spell is jobparat. -#}
with persons as (
    {{ month_end_persons(benefit_code='selvforsoergelsesydelse') }}
),

-- "persons at month end on selvforsoergelsesydelse in the programme"
in_programme as (

    select *
    from persons
    where in_integration_programme

),

cells as (
    {{ month_end_share_cells('in_programme', "visitation_category = 'jobparat'") }}
)

{{ indicator_output('S21', 'cells') }}
