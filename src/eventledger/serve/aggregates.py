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
    zoom: float,
    point_limit: int = POINT_LIMIT,
    fit: tuple[int, int] | None = None,
    with_extent: bool = True,
) -> dict[str, Any]:
    """Points or clusters of the matching located events in ``bbox``.

    With ``fit`` (the map's width and height in pixels) and no bbox, the view
    is chosen here, as Leaflet's ``fitBounds`` would choose it for the events'
    extent, and the clusters are computed for that view: the page's first map
    needs one request instead of two (extent, then the fitted view).
    ``with_extent=False`` skips the counts and extent of all matching events
    (a scan of the table) when the page already has them for these filters.
    """
    conditions = event_conditions(**filters)
    located = and_(EventRow.latitude.is_not(None), EventRow.longitude.is_not(None))
    with session(store) as s:
        result: dict[str, Any] = {"located": None, "unlocated": None, "extent": None}
        if with_extent or bbox is None:
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
            extent = None if south is None else (south, west, north, east)
            result.update(located=located_count, unlocated=matching - located_count, extent=extent)
            if fit is not None and bbox is None and extent is not None and located_count > point_limit:
                view = fitted_view(extent, *fit)
                result["view"] = view
                bbox, zoom = view["bbox"], view["zoom"]
            elif bbox is None and located_count <= point_limit:
                return _with_points(s, result, conditions, and_(*_bbox_conditions(None)), located_count)
        in_view = and_(*_bbox_conditions(bbox))
        # Clusters first: their counts add up to the events in view, so no
        # separate count is needed (each is a scan of the table).
        size = cell_degrees(round(zoom))
        clusters = _grid_clusters(s, conditions, in_view, size)
        total = sum(c["count"] for c in clusters)
        if total <= point_limit:
            return _with_points(s, result, conditions, in_view, total)
        result.update(total=total, mode="clusters", cell_degrees=size, clusters=clusters)
        return result


def _with_points(s, result: dict[str, Any], conditions: list, in_view, total: int) -> dict[str, Any]:
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
    result.update(total=total, mode="points", points=[dict(row._mapping) for row in rows])
    return result


# The page's map: its zoom steps and the closest it fits to a set of events.
ZOOM_SNAP = 0.5
MIN_ZOOM, MAX_FIT_ZOOM = 2, 7
FIT_PADDING = 0.15  # of the extent's span on each side, as L.LatLngBounds.pad


def _mercator_y(lat: float) -> float:
    lat = max(-85.0511, min(85.0511, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _inverse_mercator_y(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def fitted_view(extent: tuple[float, float, float, float], width: int, height: int) -> dict[str, Any]:
    """Center, zoom and bbox of a ``width`` x ``height`` px Web-Mercator map
    fitted to ``extent`` (south, west, north, east), as the page fits it."""
    south, west, north, east = extent
    pad_lat, pad_lon = (north - south) * FIT_PADDING, (east - west) * FIT_PADDING
    south, north = max(-85.0, south - pad_lat), min(85.0, north + pad_lat)
    west, east = west - pad_lon, east + pad_lon
    # size in px at zoom 0 (the world is 256 px wide)
    span_x = max(1e-9, (east - west) / 360 * 256)
    span_y = max(1e-9, (_mercator_y(north) - _mercator_y(south)) / (2 * math.pi) * 256)
    zoom = math.log2(min(width / span_x, height / span_y))
    zoom = math.floor(zoom / ZOOM_SNAP) * ZOOM_SNAP
    zoom = max(MIN_ZOOM, min(MAX_FIT_ZOOM, zoom))
    center_lat, center_lon = (south + north) / 2, (west + east) / 2
    world_px = 256 * 2**zoom
    half_lon = width / 2 / world_px * 360
    center_y = _mercator_y(center_lat)
    half_y = height / 2 / world_px * 2 * math.pi
    bbox = (
        center_lon - half_lon,
        _inverse_mercator_y(center_y - half_y),
        center_lon + half_lon,
        _inverse_mercator_y(center_y + half_y),
    )
    return {"center": (center_lat, center_lon), "zoom": zoom, "bbox": bbox}


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
