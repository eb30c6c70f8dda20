"""What the safety plan's codes read as, in the reader's language (codes are stored)."""
from __future__ import annotations

from housing.core.i18n import lazy_gettext as _l

RISK_LABELS = {"low": _l("Low risk"), "medium": _l("Medium risk"), "high": _l("High risk")}
AUTHORITY_LABELS = {"court": _l("Court"), "prosecutor": _l("Public prosecutor"), "police": _l("Police")}
ORDER_KIND_LABELS = {"emergency_barring": _l("Emergency barring order"), "restraining": _l("Restraining order"),
                     "other": _l("Other order")}
