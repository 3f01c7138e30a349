{#- S18: persons at month end on a_dagpenge with chain duration at least 182 days (26 weeks) ->
    those with a placement of the offer-type set praktik_privat_loentilskud (virksomhedspraktik,
    loentilskud_privat) during m. -#}
with persons as (
    {{ month_end_persons(chain_set='a_dagpenge', min_duration=182) }}
),

placements as (

    select * from {{ ref('int_placements__enriched') }}

),

offer_type_sets as (

    select * from {{ ref('offer_type_sets') }}

),

-- "Placement during m: the placement's [start, end] overlaps m" (end NULL = ongoing).
placed_persons as (

    select
        persons.person_key,
        persons.month_start
    from persons
    inner join placements
        on
            persons.person_key = placements.person_key
            and persons.month_end >= placements.start_date
            and (placements.end_date is null or persons.month_start <= placements.end_date)
    inner join offer_type_sets
        on
            placements.offer_type = offer_type_sets.offer_type
            and offer_type_sets.set_name = 'praktik_privat_loentilskud'

),

cells as (
    {{ month_end_share_cells('persons', matched='placed_persons') }}
)

{{ indicator_output('S18', 'cells') }}
