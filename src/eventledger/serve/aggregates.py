"""Aggregates for the page's first render: the timeline and the map.

Both are computed in the database (GROUP BY), so their cost and their size on
the wire grow with the number of days and map cells, not with the number of
events: a store of 100k events still answers in a fraction of a second.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Float, Integer, and_, cast, func, not_, or_, select

from eventledger.store import Store
from eventledger.store.filters import event_conditions
from eventledger.store.models import EventRow

from .queries import session

# Above this many located events in view, the map gets grid clusters instead of
# points: the browser then draws a few hundred markers whatever the store's size.
POINT_LIMIT = 2000
# Target size of a grid cell on screen; at zoom z the world is 256 * 2**z px wide.
CLUSTER_CELL_PX = 64


def timeline(store: Store, filters: dict[str, Any]) -> dict[str, Any]:
    """Events per day per event type, for events dated to a day.

    Events known only to the month or year have no day to stand on; they are
    counted in ``not_by_day`` rather than piled onto the 1st.
    """
    conditions = event_conditions(**filters)
    by_day = func.length(EventRow.event_date) == 10
    with session(store) as s:
        rows = s.execute(
            select(EventRow.event_date, EventRow.event_type, func.count())
            .where(*conditions, by_day)
            .group_by(EventRow.event_date, EventRow.event_type)
            .order_by(EventRow.event_date)
        ).all()
        not_by_day = s.scalar(
            select(func.count())
            .select_from(EventRow)
            .where(*conditions, or_(EventRow.event_date.is_(None), not_(by_day)))
        ) or 0
    days: dict[str, dict[str, int]] = {}
    type_totals: Counter[str] = Counter()
    for day, event_type, count in rows:
        key = event_type or ""
        days.setdefault(day, {})[key] = count
        type_totals[key] += count
    return {
        # most frequent first: the stack's base is the type most worth reading
        "types": [t for t, _ in type_totals.most_common()],
        "days": [{"date": day, "total": sum(counts.values()), "counts": counts} for day, counts in days.items()],
        "not_by_day": not_by_day,
    }


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``west,south,east,north`` in degrees (Leaflet's ``toBBoxString``) or None.

    Raises ValueError with a message for the user when it is malformed.
    """
    if value is None or value == "":
        return None
    parts = value.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"bbox must be west,south,east,north in degrees, not {value!r}") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise ValueError("bbox values must be finite numbers")
    if south > north:
        raise ValueError(f"bbox south ({south}) is above north ({north})")
    return west, south, east, north


def _bbox_conditions(bbox: tuple[float, float, float, float] | None) -> list:
    located = [EventRow.latitude.is_not(None), EventRow.longitude.is_not(None)]
    if bbox is None:
        return located
    west, south, east, north = bbox
    located += [EventRow.latitude >= south, EventRow.latitude <= north]
    if east - west >= 360:
        return located  # the whole width of the world is in view
    # A panned Leaflet map reports longitudes beyond +-180; bring them back.
    west = (west + 180) % 360 - 180
    east = (east + 180) % 360 - 180
    if west <= east:
        located += [EventRow.longitude >= west, EventRow.longitude <= east]
    else:  # the view crosses the antimeridian
        located.append(or_(EventRow.longitude >= west, EventRow.longitude <= east))
    return located


def cell_degrees(zoom: int) -> float:
    return CLUSTER_CELL_PX * 360.0 / (256 * 2**zoom)


def map_data(
    store: Store,
    filters: dict[str, Any],
    bbox: tuple[float, float, float, float] | None,
    zoom: int,
    point_limit: int = POINT_LIMIT,
) -> dict[str, Any]:
    conditions = event_conditions(**filters)
    in_view = and_(*_bbox_conditions(bbox))
    located = and_(EventRow.latitude.is_not(None), EventRow.longitude.is_not(None))
    with session(store) as s:
        matching = s.scalar(select(func.count()).select_from(EventRow).where(*conditions)) or 0
        located_count, south, west, north, east = s.execute(
            select(
                func.count(),
                func.min(EventRow.latitude),
                func.min(EventRow.longitude),
                func.max(EventRow.latitude),
                func.max(EventRow.longitude),
            ).where(*conditions, located)
        ).one()
        if bbox is None:
            total = located_count
        else:
            total = s.scalar(select(func.count()).select_from(EventRow).where(*conditions, in_view)) or 0
        extent = None if south is None else (south, west, north, east)
        result: dict[str, Any] = {
            "total": total,
            "located": located_count,
            "unlocated": matching - located_count,
            "extent": extent,
        }
        if total <= point_limit:
            rows = s.execute(
                select(
                    EventRow.event_id,
                    EventRow.latitude,
                    EventRow.longitude,
                    EventRow.event_type,
                    EventRow.sub_event_type,
                    EventRow.event_date,
                    EventRow.location,
                    EventRow.fatalities,
                ).where(*conditions, in_view)
            )
            result.update(mode="points", points=[dict(row._mapping) for row in rows])
            return result
        size = cell_degrees(zoom)
        result.update(mode="clusters", cell_degrees=size, clusters=_grid_clusters(s, conditions, in_view, size))
        return result


def _grid_clusters(s, conditions: list, in_view, size: float) -> list[dict[str, Any]]:
    # Cell indexes count from the south-west corner of the world, so they are
    # never negative and truncation is the floor (SQLite has no portable floor).
    if s.get_bind().dialect.name == "sqlite":
        row_index = cast((EventRow.latitude + 90.0) / size, Integer)
        col_index = cast((EventRow.longitude + 180.0) / size, Integer)
    else:
        row_index = cast(func.floor((EventRow.latitude + 90.0) / size), Integer)
        col_index = cast(func.floor((EventRow.longitude + 180.0) / size), Integer)
    rows = s.execute(
        select(
            row_index.label("row"),
            col_index.label("col"),
            EventRow.event_type,
            func.count(),
            func.coalesce(func.sum(EventRow.fatalities), 0),
            func.sum(cast(EventRow.latitude, Float)),
            func.sum(cast(EventRow.longitude, Float)),
            func.min(EventRow.latitude),
            func.min(EventRow.longitude),
            func.max(EventRow.latitude),
            func.max(EventRow.longitude),
        )
        .where(*conditions, in_view)
        .group_by(row_index, col_index, EventRow.event_type)
    )
    cells: dict[tuple[int, int], dict[str, Any]] = defaultdict(
        lambda: {"count": 0, "fatalities": 0, "lat": 0.0, "lon": 0.0, "types": Counter(), "bounds": None}
    )
    for row, col, event_type, count, fatalities, lat_sum, lon_sum, s_, w, n, e in rows:
        cell = cells[(row, col)]
        cell["count"] += count
        cell["fatalities"] += int(fatalities or 0)
        cell["lat"] += lat_sum
        cell["lon"] += lon_sum
        cell["types"][event_type] += count
        b = cell["bounds"]
        cell["bounds"] = (s_, w, n, e) if b is None else (min(b[0], s_), min(b[1], w), max(b[2], n), max(b[3], e))
    return [
        {
            "latitude": cell["lat"] / cell["count"],
            "longitude": cell["lon"] / cell["count"],
            "count": cell["count"],
            "fatalities": cell["fatalities"],
            "top_type": cell["types"].most_common(1)[0][0],
            "bounds": cell["bounds"],
        }
        for cell in cells.values()
    ]
