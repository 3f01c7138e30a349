with persons as (

    select * from {{ ref('stg_extracts__persons_rows') }}
    where row_outcome = 'staged'

),

countries as (

    select * from {{ ref('countries') }}

)

select
    -- ids
    persons.person_key,
    -- codes
    persons.municipality_code,
    persons.origin_type,
    upper(persons.origin_country) as origin_country,
    -- origin group: dansk for origin_type dansk, otherwise the country's western/non-western class
    case
        when persons.origin_type = 'dansk' then 'dansk'
        else countries.origin_group
    end as origin_group,
    case
        when persons.origin_type = 'dansk' then false
        else countries.is_menapt
    end as is_menapt,
    persons.gender_from_cpr as gender,
    -- dates
    persons.birth_date,
    persons.residence_permit_date,
    -- lineage
    persons.source_file
from persons
left join countries
    on upper(persons.origin_country) = countries.country_code
