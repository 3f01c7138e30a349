{#-
    I08: COMPANY placements with an employer CVR active during m -> those whose
    employer_municipality_code equals the row's municipality. Counts placements, not persons.
    Cell: the person's latest-starting spell overlapping m, else `uden_ydelse` with the
    municipality from `persons`; age at the last day of m. Extra columns: distinct employers
    of the counted placements per cell and per municipality and month (neither is additive).
-#}
with placements_during as (

    {{ placements_during_month(offer_flag='is_company_directed') | indent(4) }}

),

persons_during as (

    {{ persons_during_month(set_name='public') | indent(4) }}

),

persons as (

    select * from {{ ref('stg_extracts__persons') }}

),

-- "COMPANY placements with an employer CVR active during m": a company-directed placement
-- with an employer CVR whose [start, end] overlaps m. I08 takes the person's latest-starting
-- spell overlapping m, else `uden_ydelse` with the municipality from `persons`; age at the
-- last day of m (16-66 only).
counted_placements as (

    select
        placements_during.placement_id,
        placements_during.month_start as period_start,
        placements_during.employer_cvr,
        placements_during.employer_municipality_code,
        coalesce(persons_during.municipality_code, persons.municipality_code) as municipality_code,
        persons.origin_group,
        persons.gender,
        {{ age_band(age_at('persons.birth_date', 'placements_during.month_end')) }} as age_band,
        coalesce(persons_during.target_group, 'uden_ydelse') as target_group
    from placements_during
    inner join persons
        on placements_during.person_key = persons.person_key
    left join persons_during
        on
            placements_during.person_key = persons_during.person_key
            and placements_during.month_start = persons_during.month_start
    where
        placements_during.employer_cvr is not null
        and {{ age_at('persons.birth_date', 'placements_during.month_end') }} between 16 and 66

),

-- "... those whose employer_municipality_code equals the row's municipality."
cells as (

    select
        period_start,
        municipality_code,
        origin_group,
        gender,
        age_band,
        target_group,
        case when employer_municipality_code = municipality_code then 1 else 0 end as numerator,
        1 as denominator
    from counted_placements

),

indicator as (

    {{ indicator_output('I08', 'cells') | indent(4) }}

),

-- "Distinct employers count only the placements counted."
employers_per_cell as (

    select
        period_start,
        municipality_code,
        origin_group,
        gender,
        age_band,
        target_group,
        count(distinct employer_cvr) as distinct_employers
    from counted_placements
    group by 1, 2, 3, 4, 5, 6

),

-- "Distinct employers per municipality and month."
employers_per_municipality as (

    select
        period_start,
        municipality_code,
        count(distinct employer_cvr) as distinct_employers_municipality
    from counted_placements
    group by 1, 2

)

select
    indicator.*,
    cast(employers_per_cell.distinct_employers as {{ dbt.type_int() }}) as distinct_employers,
    cast(employers_per_municipality.distinct_employers_municipality as {{ dbt.type_int() }})
        as distinct_employers_municipality
from indicator
inner join employers_per_cell
    on
        indicator.period_start = employers_per_cell.period_start
        and indicator.municipality_code = employers_per_cell.municipality_code
        and indicator.origin_group = employers_per_cell.origin_group
        and indicator.gender = employers_per_cell.gender
        and indicator.age_band = employers_per_cell.age_band
        and indicator.target_group = employers_per_cell.target_group
inner join employers_per_municipality
    on
        indicator.period_start = employers_per_municipality.period_start
        and indicator.municipality_code = employers_per_municipality.municipality_code
