"""ACLED's own columns, derived from an event record.

ACLED's export carries columns our records do not: the type of each actor and
of their interaction (``inter1``, ``inter2``, ``interaction``), the region, a
full ``event_date`` whatever the precision, the scale of the sources and the
``tags``. Each is read here from what the record does hold, one module per
column family, and assembled by ``eventledger.export.acled_row``:

- ``inter``: actor types from the actor data (``data/actors.json`` and
  ``$EVENTLEDGER_ACTORS``), as ACLED's text labels and numeric codes;
- ``regions``: ACLED's region and the ISO code of a country
  (``data/acled_regions.csv``);
- ``dates``: ACLED's dating convention (a week or a month dated at its middle);
- ``sources``: the scale of the publishers (``data/source_scales.csv`` and
  ``$EVENTLEDGER_SOURCE_SCALES``), combined as ACLED words it;
- ``tags``: the crowd size of demonstrations, as ACLED writes it.
"""
from .dates import acled_date, year_only_date
from .inter import LABELS, ActorTypes, interaction_code, interaction_label
from .regions import country_code, iso_numeric, region
from .sources import SCALES, SourceScaleError, SourceScales
from .tags import crowd_size_tag

__all__ = [
    "LABELS",
    "SCALES",
    "ActorTypes",
    "SourceScaleError",
    "SourceScales",
    "acled_date",
    "country_code",
    "crowd_size_tag",
    "interaction_code",
    "interaction_label",
    "iso_numeric",
    "region",
    "year_only_date",
]
