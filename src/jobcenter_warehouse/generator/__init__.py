"""Deterministic synthetic raw extracts for the jobcenter warehouse.

The generator writes the nine extracts of ``../shared/spec/EXTRACTS.md`` in exactly the
contract's format (see :mod:`.writer`), for one or more municipalities, with a monthly history
from ``--start`` (default 2016-01) to ``--as-of`` (default 2026-10-31). The same ``--seed`` and
arguments always give byte-identical files. Run it with ``python scripts/generate_extracts.py``
(or ``python -m jobcenter_warehouse.generator``); ``--help`` lists the options (:mod:`.cli`).

What is modelled, module by module:

* :mod:`.reference` - municipalities, regions and countries from ``seeds/reference``; neighbours.
* :mod:`.residents` - every resident aged 16-66 at some point in range: birth date (Danish age
  profile), gender, origin (dansk ~85 %, immigrants and descendants from western and
  non-western countries, MENAPT among them), arrival / residence permit (some within the last
  five years), frailty, moves in from a neighbour municipality. Residents per municipality
  scale with ``population_2018`` so that Ballerup has 30,041 aged 16-66 on 1 April 2018 at
  ``--scale 1`` (about 3.6 million nationally).
* :mod:`.cpr` - valid CPR numbers under the contract's century rule, both spellings, unique
  across municipalities without coordination, gender digit consistent (no modulus 11).
* :mod:`.states` and :mod:`.spells` - benefit spells for all 12 benefits (15 states with the
  visitation categories), careers with realistic durations and transitions, gaps that keep or
  break chains, a few overlaps and same-day corrections (the overlap rule), ongoing spells,
  fleksjob hours with progression, the integration programme, spells in the neighbour
  municipality before a move; calibration to STAR's Figure 2 (below).
* :mod:`.events` - conversations (types, channels, self-booking, no-shows, cancellations,
  planned meetings), placements of every offer type (employers by CVR in the own and
  neighbouring municipalities, late registrations, hours, ongoing offers) and sanctions.
* :mod:`.aggregates` - population by quarter (consistent with the residents behind
  ``persons``) with labour force and insured, education attainment, EUD applications, and
  benchmarks for Denmark (``000``) and Region Hovedstaden (``1084``).
* :mod:`.calibration` - full-time persons from spells (overlap rule, ages 16-66, own
  municipality) and the check against Figure 2, read back from the written files.
* :mod:`.bad_rows` - ``--inject-bad-rows``: a labelled file of every bad-input class per
  extract, plus accepted edge cases, and the manifest ``_injected_bad_rows.csv``.
* :mod:`.runner` - the run: one municipality at a time, rows streamed to the files.

Calibration approach. Figure 2 of STAR's August 2018 key-figure report for Ballerup gives
the full-time persons per benefit group in Q2 2018 and the population 16-66 (30,041). These
become per-capita rates (Ballerup's own; the national shares of the same figure, varied per
municipality, elsewhere). In a stationary process prevalence = inflow x mean duration, so each
state's inflow is its target divided by its mean spell duration, less what arrives through
transitions; careers start up to 50 years before ``--start`` so long benefits are in their
steady state, and inflows are constant until mid-2018 (trends afterwards). A fine
calibration then keeps, per entry state, the random-order prefix of careers whose exact
contribution to Q2 2018 meets the targets. After writing, the comparison table for Ballerup
is recomputed from the files and printed; ``--strict-calibration`` makes a group outside
+-5 % / +-5 full-time persons (population +-2 %) fail the run. At scale 1 every group is
within about 1 % of its target when Ballerup is generated alone; when its neighbours are
generated too, their residents who moved there from Ballerup add their earlier Ballerup spells
(about +2 %).

Bad-row manifest: see :mod:`.bad_rows` for the columns and the reason codes.
"""

from .config import GeneratorConfig

__all__ = ["GeneratorConfig", "generate"]


def generate(cfg: GeneratorConfig, reference=None):
    """Write the extracts described by ``cfg`` (see :func:`.runner.generate`)."""
    from .runner import generate as _generate

    return _generate(cfg, reference)
