{#- I11: persons at month end on a_dagpenge -> those with at least 292 a_dagpenge days (80 % of
    364) in the 364 days ending at month end, [month end - 363, month end]. -#}
with persons as (
    {{ month_end_persons(target_group='a_dagpenge') }}
),

spells as (

    select * from {{ ref('int_spells__effective') }}
    where target_group = 'a_dagpenge'

),

-- Days of the person's effective a_dagpenge spells (in any municipality) inside the window;
-- effective spells never overlap, so their days add up.
window_days as (

    select
        persons.person_key,
        persons.month_start,
        sum(
            {{ dbt.datediff(
                'greatest(spells.start_date, cast(' ~ dbt.dateadd('day', -363, 'persons.month_end') ~ ' as date))',
                'least(spells.effective_end_date, persons.month_end)', 'day') }} + 1
        ) as a_dagpenge_days
    from persons
    inner join spells
        on
            persons.person_key = spells.person_key
            and persons.month_end >= spells.start_date
            and spells.effective_end_date >= cast({{ dbt.dateadd('day', -363, 'persons.month_end') }} as date)
    group by 1, 2

),

flagged as (

    select
        persons.*,
        window_days.a_dagpenge_days >= 292 as is_long_term
    from persons
    inner join window_days
        on
            persons.person_key = window_days.person_key
            and persons.month_start = window_days.month_start

),

cells as (
    {{ month_end_share_cells('flagged', 'is_long_term') }}
)

{{ indicator_output('I11', 'cells') }}
