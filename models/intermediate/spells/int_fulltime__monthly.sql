{#-
    Full-time persons (fuldtidspersoner): per month, the sum over effective spells of the
    spell's days in the month divided by the month's days, split by the spell's own target
    group and municipality and by the person's origin group, gender and single-year age at
    the last day of the month (16-66 only). Days, not jobindsats.dk's whole weeks with a
    payment. `has_recent_permit` marks persons whose residence permit date is within the 5
    years (1826 days) before month end, which S07 leaves out.
-#}
with spell_months as (

    select * from {{ ref('int_spell_months') }}
    where age_at_month_end between 16 and 66

)

select
    month_start,
    municipality_code,
    target_group,
    target_group_family,
    origin_group,
    gender,
    age_at_month_end as age,
    coalesce(
        residence_permit_date between cast({{ dbt.dateadd('day', -1825, 'month_end') }} as date) and month_end,
        false
    ) as has_recent_permit,
    sum(fulltime_fraction) as fulltime_persons
from spell_months
group by 1, 2, 3, 4, 5, 6, 7, 8
