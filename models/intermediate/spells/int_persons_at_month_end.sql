{#-
    Persons at month end (INDICATORS.md): one row per person and month whose last day an
    effective spell covers, with that spell's target group, municipality and attributes and
    the person's dimensions at the last day of the month. Effective spells never overlap (a
    newer spell supersedes an older one from its start date), so at most one spell covers the
    month end. Only ages 16-66 at the month end are kept: no indicator counts other ages.
-#}
with spell_months as (

    select * from {{ ref('int_spell_months') }}

),

-- "Persons at month end in S: a spell in S covers the last day of m."
covering_month_end as (

    select *
    from spell_months
    where covers_month_end

),

-- Age at the measurement date, the last day of m (a birthday is reached on its date).
aged as (

    select
        covering_month_end.*,
        {{ age_at('birth_date', 'month_end') }} as age_at_measurement
    from covering_month_end

),

-- "Every indicator counts persons only while aged 16-66 at its measurement date."
counted_ages as (

    select *
    from aged
    where age_at_measurement between 16 and 66

)

select
    -- ids
    person_key,
    spell_id,
    -- month
    month_start,
    month_end,
    -- codes of the spell covering the month end
    municipality_code,
    benefit_code,
    visitation_category,
    target_group,
    target_group_family,
    -- person dimensions at the month end
    origin_group,
    gender,
    birth_date,
    age_at_measurement as age_at_month_end,
    {{ age_band('age_at_measurement') }} as age_band,
    -- dates and measures of the covering spell
    start_date,
    effective_end_date,
    hours_per_week,
    in_integration_programme
from counted_ages
