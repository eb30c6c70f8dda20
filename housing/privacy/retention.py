"""The retention purge: people whose stay or enrolment ended more than N years ago are
anonymised, in every area that holds personal data.

Each area's provider (housing.core.privacy) knows what goes and what stays of its own records
(housing.shelter.privacy, housing.programmes.privacy); this walks them all, in the order they
were plugged in, and writes one audit entry for the whole purge. Idempotent: an anonymised
person is not touched again.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from housing.core.audit import audited, record
from housing.core.privacy import TextMention, privacy_providers, years_before
from housing.extensions import db

SCRUBBED = "audit_entries_scrubbed"


@dataclass
class PurgeReport:
    """The people the areas lead with (the shelter's residents and their stays), every other
    count by name, and the free texts that may name someone purged."""

    cutoff: date
    residents: list[int] = field(default_factory=list)
    stays: list[str] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict)
    shift_log_mentions: list[TextMention] = field(default_factory=list)


@audited("retention_purge")
def purge(today: date, now: datetime, older_than_years: int, dry_run: bool) -> PurgeReport:
    """Anonymise everyone whose stay (or enrolment) ended more than N years ago, and the
    records of nobody that ended as long ago."""
    report = PurgeReport(years_before(today, older_than_years))
    scrubbed = 0
    for provider in privacy_providers():
        done = provider.purge(report.cutoff, now, dry_run)
        report.residents += done.people
        report.stays += done.case_codes
        report.shift_log_mentions += done.mentions
        for name, count in done.counts.items():
            if name == SCRUBBED:
                scrubbed += count
            else:
                report.extra[name] = report.extra.get(name, 0) + count
    if dry_run:
        return report
    report.extra[SCRUBBED] = scrubbed
    record("retention_purge", detail=json.dumps({
        "cutoff": report.cutoff.isoformat(), "residents": len(report.residents), "stays": len(report.stays),
        **report.extra, "shift_log_entries_to_redact": [mention.entry_id for mention in report.shift_log_mentions]}))
    db.session.flush()
    return report
