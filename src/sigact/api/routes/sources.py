"""``/sources``: the stored reports, newest first, with how many events each supports."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query

from ...store import query
from ..deps import SettingsDep, StoreDep
from ..models import ReportOut, ReportPage

router = APIRouter(tags=["sources"])


@router.get("/sources", response_model=ReportPage, summary="List stored reports")
def list_sources(
    store: StoreDep, settings: SettingsDep,
    outlet: Annotated[str | None, Query(description="only this outlet's reports")] = None,
    limit: Annotated[int | None, Query(ge=1)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ReportPage:
    """Every ingested report with its title, URL, outlet, dates and number of events."""
    limit = min(limit or settings.page_size, settings.max_page_size)
    total, page = query.reports(store, outlet=outlet, limit=limit, offset=offset)
    return ReportPage(total=total, limit=limit, offset=offset,
                      items=[ReportOut(**asdict(r)) for r in page])
