{#-
    I27: persons during m in the kontanthjaelp, uddannelseshjaelp or selvforsoergelsesydelse
    target groups -> those with a sanction decided in m.
-#}
with persons_during as (

    {{ persons_during_month(set_name='i27_kontant_udd_selv') | indent(4) }}

),

sanctions as (

    select * from {{ ref('stg_extracts__sanctions') }}

),

-- "Those with a sanction decided in m": the decision date falls in m.
sanctions_decided as (

    {{ events_by_month('sanctions', 'decision_date') | indent(4) }}

),

cells as (

    {{ persons_during_share_cells('persons_during', 'sanctions_decided') | indent(4) }}

)

{{ indicator_output('I27', 'cells') }}
