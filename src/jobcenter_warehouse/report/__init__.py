"""STAR-style key-figure report per delivered municipality, built from the published artefact.

`python -m jobcenter_warehouse.report` (`make report`) writes `publish/report/<kommunekode>_<name>.html`
(one self-contained file: inline CSS and SVG charts, no scripts, fonts or network) and a PDF of it.
Modules: artefact (reading the published file), series and figure2 (data preparation),
goals (goal status and why), layout (sections), charts (Altair + vl-convert SVG), context
(formatted template values), render (Jinja2), pdf (headless Chromium), build and cli.
"""
