"""What the shelter's select boxes offer, in the reader's language (codes are stored, labels
shown), and how a chosen record id is read."""
from __future__ import annotations

from housing.core.i18n import lazy_gettext as _l, lazy_pgettext

REFERRAL_LABELS = {
    "sos_15900": _l("SOS 15900 helpline"),
    "police": _l("Police"),
    "hospital": _l("Hospital"),
    "social_services": _l("Social services"),
    "organisation": _l("Other organisation"),
    "self": _l("Self-referral"),
    "other": _l("Other"),
}

DESTINATION_LABELS = {
    "own_home": _l("Own home"),
    "relatives": _l("Relatives"),
    "other_shelter": _l("Other shelter"),
    "independent_housing": _l("Independent housing"),
    "reintegration": _l("REINTEGRATION programme"),
    "hospital": _l("Hospital"),
    "unknown": _l("Unknown"),
    "other": _l("Other"),
}

SEX_LABELS = {"F": _l("Girl"), "M": _l("Boy")}

EXTENSION_STATUS_LABELS = {"pending": _l("Waiting for a decision"), "approved": _l("Approved"),
                           "rejected": _l("Rejected"), "closed": _l("Closed")}


SHIFT_LOG_LABELS = {"incident": _l("Incident"), "handover": _l("Handover note"), "maintenance": _l("Maintenance")}


URGENCY_LABELS = {"emergency": _l("Emergency"), "high": _l("High"), "normal": _l("Normal"), "low": _l("Low")}


REFERRAL_STATUS_LABELS = {"waiting": _l("Waiting"), "admitted": lazy_pgettext("referral status", "Admitted"),
                          "placed_elsewhere": _l("Placed elsewhere"), "withdrawn": _l("Withdrawn")}


TURN_AWAY_REASON_LABELS = {"full": _l("The shelter was full"), "no_room_fits": _l("No room fits the household"),
                           "child_over_age": _l("A child over the age limit"), "other": _l("Other reason")}


def optional_int(value):
    if value in (None, ""):
        return None
    return int(value)
