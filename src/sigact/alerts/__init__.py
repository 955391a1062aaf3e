"""Alerts: areas of interest, matching written events against them, webhook delivery."""

from __future__ import annotations

from .areas import Area
from .deliver import Alerter, AlertSettings, DeliveryReport, payload, send_test_alerts, snapshot
from .outbox import Outbox

__all__ = ["AlertSettings", "Alerter", "Area", "DeliveryReport", "Outbox", "payload",
           "send_test_alerts", "snapshot"]
