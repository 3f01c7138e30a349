{#- S05: persons at month end in a fleksjob chain whose first spell had hours_per_week <= 10 and
    whose duration at month end is at least 364 days -> those whose current hours (the spell
    covering month end) exceed the first spell's hours. -#}
with persons as (
    {{ month_end_persons(chain_set='fleksjob', min_duration=364) }}
),

-- "a NULL first-spell hours value leaves the person out"
small_flex_jobs as (

    select *
    from persons
    where chain_first_hours_per_week <= 10

),

-- "NULL current hours is no progression" (a NULL comparison counts as false)
cells as (
    {{ month_end_share_cells('small_flex_jobs', 'hours_per_week > chain_first_hours_per_week') }}
)

{{ indicator_output('S05', 'cells') }}
