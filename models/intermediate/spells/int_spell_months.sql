{#-
    One row per effective spell and calendar month it overlaps (no day-by-day explosion):
    the days of the spell inside the month, whether it covers the month's last day, and the
    person's dimensions at the last day of the month. The basis of full-time persons and of
    "persons during m" / "persons at month end".
-#}
with spells as (

    select * from {{ ref('int_spells__effective') }}

),

months as (

    select * from {{ ref('dim_month') }}

),

persons as (

    select * from {{ ref('stg_extracts__persons') }}

),

spell_months as (

    select
        spells.spell_id,
        spells.person_key,
        spells.municipality_code,
        spells.benefit_code,
        spells.visitation_category,
        spells.target_group,
        spells.target_group_family,
        spells.start_date,
        spells.effective_end_date,
        spells.hours_per_week,
        spells.in_integration_programme,
        months.month_start,
        months.month_end,
        months.days_in_month,
        {{ dbt.datediff(
            'greatest(spells.start_date, months.month_start)',
            'least(spells.effective_end_date, months.month_end)', 'day') }} + 1 as days_in_spell,
        (spells.effective_end_date >= months.month_end) as covers_month_end
    from spells
    inner join months
        on
            spells.start_date <= months.month_end
            and spells.effective_end_date >= months.month_start

)

select
    spell_months.*,
    cast(spell_months.days_in_spell as {{ type_double() }}) / spell_months.days_in_month as fulltime_fraction,
    persons.origin_group,
    persons.gender,
    persons.birth_date,
    persons.residence_permit_date,
    {{ age_at('persons.birth_date', 'spell_months.month_end') }} as age_at_month_end,
    {{ age_band(age_at('persons.birth_date', 'spell_months.month_end')) }} as age_band_at_month_end
from spell_months
inner join persons
    on spell_months.person_key = persons.person_key
