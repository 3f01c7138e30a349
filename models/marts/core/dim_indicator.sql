{#-
    One row per indicator id of the indicator catalog (built or not), with its focus area's
    names and its source document's title. `definition` is the catalog's definition_en (one
    or two sentences), `definition_da` the Danish one;
    `definition_doc` is the indicator's full doc block, the same text the mart's page and the
    semantic layer's metric show (written once, next to the mart), taken from the project's
    parsed documentation.
-#}
{%- set mart_docs = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() | sort(attribute='name') -%}
        {%- if node.resource_type == 'model' and node.name.startswith('ind_') -%}
            {%- do mart_docs.append({'name': node.name, 'description': node.description}) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}

with catalog as (

    select * from {{ ref('indicator_catalog') }}

),

focus_areas as (

    select * from {{ ref('focus_areas') }}

),

source_documents as (

    select * from {{ ref('source_documents') }}

),

-- The doc block of each indicator mart, as rendered into the mart's description.
mart_docs as (
    {%- for mart in mart_docs %}
    select
        '{{ mart.name }}' as mart_name,
        '{{ mart.description | replace("'", "''") }}' as definition_doc
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as mart_name,
        cast(null as {{ dbt.type_string() }}) as definition_doc
    where false
    {%- endfor %}
)

select
    -- ids
    catalog.indicator_id,
    catalog.mart_name,
    -- names
    catalog.name_da,
    catalog.name_en,
    -- focus area
    catalog.focus_area,
    focus_areas.name_da as focus_area_name_da,
    focus_areas.name_en as focus_area_name_en,
    focus_areas.goal_da as focus_area_goal_da,
    focus_areas.sort_order as focus_area_sort_order,
    -- goal
    catalog.direction,
    catalog.target_text,
    catalog.target_value,
    catalog.goal_kind,
    -- measure
    catalog.unit,
    catalog.frequency,
    catalog.status,
    catalog.reporting_lag_days,
    catalog.denominator_additive_over_target_group,
    -- documentation: the source cited by its title, never by a file name
    cast(
        source_documents.title || ', ' || catalog.source_section as {{ dbt.type_string() }}
    ) as source_document,
    source_documents.title as source_title,
    catalog.source_section,
    catalog.source_file,
    catalog.definition_en,
    catalog.definition_da,
    catalog.definition_en as definition,
    cast(mart_docs.definition_doc as {{ dbt.type_string() }}) as definition_doc
from catalog
inner join focus_areas
    on catalog.focus_area = focus_areas.focus_area
inner join source_documents
    on catalog.source_file = source_documents.source_file
left join mart_docs
    on catalog.mart_name = mart_docs.mart_name
