{#-
    X04: persons during m in ACTIVE_GROUPS -> those with a loennede_timer placement during m.
    Extra columns: the unweighted mean hours_per_week of the counted persons' loennede_timer
    placements during m (NULL hours left out) and the number of placements it is taken over.
-#}
with persons_during as (

    {{ persons_during_month(set_name='active_groups') | indent(4) }}

),

placements_during as (

    {{ placements_during_month(offer_set='loennede_timer') | indent(4) }}

),

cells as (

    {{ persons_during_share_cells('persons_during', 'placements_during') | indent(4) }}

),

indicator as (

    {{ indicator_output('X04', 'cells') | indent(4) }}

),

-- "The mean hours are over the placements of the counted persons, unweighted, NULLs left
-- out": each placement during m of a counted person, in that person's cell.
counted_placements as (

    select
        persons_during.month_start as period_start,
        persons_during.municipality_code,
        persons_during.origin_group,
        persons_during.gender,
        persons_during.age_band,
        persons_during.target_group,
        placements_during.hours_per_week
    from persons_during
    inner join placements_during
        on
            persons_during.person_key = placements_during.person_key
            and persons_during.month_start = placements_during.month_start

),

mean_hours as (

    select
        period_start,
        municipality_code,
        origin_group,
        gender,
        age_band,
        target_group,
        avg(cast(hours_per_week as {{ type_double() }})) as mean_hours_per_week,
        count(hours_per_week) as placements_with_hours
    from counted_placements
    group by 1, 2, 3, 4, 5, 6

)

select
    indicator.*,
    cast(mean_hours.mean_hours_per_week as {{ type_double() }}) as mean_hours_per_week,
    cast(coalesce(mean_hours.placements_with_hours, 0) as {{ dbt.type_int() }}) as placements_with_hours
from indicator
left join mean_hours
    on
        indicator.period_start = mean_hours.period_start
        and indicator.municipality_code = mean_hours.municipality_code
        and indicator.origin_group = mean_hours.origin_group
        and indicator.gender = mean_hours.gender
        and indicator.age_band = mean_hours.age_band
        and indicator.target_group = mean_hours.target_group
