{#-
    indicator_marts(): the names of the indicator marts fct_indicator_values unions, one per
    built indicator of the indicator catalog (its `mart_name` column), sorted by name.

    Why a list here and not a loop over the catalog or over `graph.nodes`: dbt records a
    model's dependencies while parsing, when neither the seed's rows nor `graph` are
    available (a `ref()` built from `graph` inside `{% if execute %}` is never registered and
    fails at run time). So the list is written once, here, and two checks keep it equal to
    the catalog: the singular test tests/singular/assert_indicator_marts_match_catalog.sql
    (against the seed in the warehouse) and tests/python/test_indicator_registry.py (against
    the CSV and the model files). When an indicator is added to the catalog, add its mart
    here.
-#}
{% macro indicator_marts() -%}
    {{ return([
        'ind_i01__ledighedsprocent',
        'ind_i02__forsoergede_udvikling_12m',
        'ind_i03__selvforsoergelse_eller_virksomhedsrettet',
        'ind_i04__placeringer_til_tiden',
        'ind_i05__booket_samtale_eller_selvbook',
        'ind_i06__aktivt_tilbud_13_uger',
        'ind_i07__mindst_4_samtaler_6_mdr',
        'ind_i08__virksomhedssamarbejde_lokalt',
        'ind_i09__fuldtidsledige_pct_forsikrede',
        'ind_i10__dagpenge_efter_13_uger',
        'ind_i11__langtidsledige_andel',
        'ind_i12__forsikrede_virksomhedsrettet',
        'ind_i13__sygemeldte_pct_arbejdsstyrke',
        'ind_i14__delvis_raskmeldte_andel',
        'ind_i15__aktivitetsparate_virksomhedsrettet',
        'ind_i16__fleksjobledighed',
        'ind_i17__foertidspension_tilkendelser',
        'ind_i18__unge_erhvervskompetence_25_29',
        'ind_i19__unge_uddannelseshjaelp_18_29',
        'ind_i20__eud_soegning',
        'ind_i21__uddannelseshjaelp_virksomhedsrettet',
        'ind_i22__forsoergede_herkomst_maalgruppe',
        'ind_i24__jobparate_13_uger_herkomst',
        'ind_i25__virksomhedsrettet_herkomst',
        'ind_i26__sagsvarighed_herkomst',
        'ind_i27__sanktionsgrad_herkomst',
        'ind_s02__ydelsesmodtagere_fordeling',
        'ind_s03__udsatte_paa_ydelse',
        'ind_s04__ressourceforloeb_virksomhedsrettet',
        'ind_s05__smaa_fleksjob_progression',
        'ind_s06__fleksjob_andel',
        'ind_s07__kontant_uddannelseshjaelp_andel',
        'ind_s08__brobygning_uddannelsesparate',
        'ind_s09__udd_aktivitetsparate_virksomhedsrettet',
        'ind_s10__kh_aktivitetsparate_virksomhedsrettet',
        'ind_s11__sygedagpenge_jobafklaring_andel',
        'ind_s12__sygedagpenge_tidlig_virksomhedsrettet',
        'ind_s13__sygedagpenge_tidlig_opfoelgning',
        'ind_s14__jobafklaring_virksomhedsrettet',
        'ind_s15__dagpenge_pct_arbejdsstyrke',
        'ind_s16__dagpenge_tidlig_samtale',
        'ind_s17__dagpenge_intensiv_samtale',
        'ind_s18__dagpenge_over_6_mdr_virksomhedsrettet',
        'ind_s20__integrationsprogram_virksomhedsrettet',
        'ind_s21__integrationsprogram_jobparate',
        'ind_x01__tilgang',
        'ind_x02__afgang',
        'ind_x03__jobafklaring_over_1_aar',
        'ind_x04__loennede_timer_andel',
        'ind_x05__tilbagefald_6_mdr',
        'ind_x06__udeblivelser'
    ]) }}
{%- endmacro %}
