"""The shelter's report for a period: how full the shelter was, who came and went, how long women
stayed, where they went, the children hosted and the demand it could not meet. Each table carries
its definition; every figure comes from the aggregates of report_queries (no stay is loaded)."""
from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask import Flask
from housing.core.i18n import lazy_gettext as _l, ngettext

from housing.core.permissions import Permission
from housing.core.registry import registry
from housing.core.reports import (NUMBER, PEOPLE, SHARE, TEXT, Chart, Column, Period, Report, ReportTable,
                                  register_report)
from housing.shelter import report_queries as q
from housing.shelter.choices import DESTINATION_LABELS, REFERRAL_LABELS, REFERRAL_STATUS_LABELS
from housing.shelter.models import DESTINATIONS, REFERRAL_SOURCES, TURN_AWAY_REASONS

# Where a discharge led, in the classes a municipality reports (DESIGN.md, "Reports"). A destination
# not listed here (a programme added later) is permanent housing when it is a programme's, else other.
DESTINATION_CLASSES = {
    "own_home": "permanent", "independent_housing": "permanent", "reintegration": "permanent",
    "relatives": "temporary", "other_shelter": "temporary",
    "hospital": "institutional",
    "unknown": "unknown", "other": "unknown",
}
CLASS_ORDER = ("permanent", "temporary", "institutional", "unknown")
CLASS_LABELS = {"permanent": _l("Permanent housing"), "temporary": _l("Temporary accommodation"),
                "institutional": _l("Institution"), "unknown": _l("Unknown or other")}
# Length of stay in days: (label, lowest, highest) — the bands of DESIGN.md.
LENGTH_BANDS = (("≤ 30", 0, 30), ("31–60", 31, 60), ("61–90", 61, 90), ("91–180", 91, 180),
                ("181–365", 181, 365), ("> 365", 366, None))
AGE_BANDS = (("0-4", "0–4"), ("5-11", "5–11"), ("12-17", "12–17"), ("18+", "18+"))
EXTENSION_ORDER = ("approved", "rejected", "pending", "closed")
EXTENSION_LABELS = {"approved": _l("Approved"), "rejected": _l("Rejected"), "pending": _l("Waiting for a decision"),
                    "closed": _l("Closed with the stay")}
TURN_AWAY_LABELS = {"full": _l("The shelter was full"), "no_room_fits": _l("No room fits the household"),
                    "child_over_age": _l("A child over the age limit"), "other": _l("Other")}
CLOSED_ORDER = ("admitted", "placed_elsewhere", "withdrawn")


def destination_class(destination: str) -> str:
    """A destination's class; one not listed (a programme's, added later) is read by the caller."""
    return DESTINATION_CLASSES.get(destination, "unknown")


def length_band(days: int) -> str:
    """The band of a length of stay in days (a same-day stay, 0 days, is in the first)."""
    for label, _lowest, highest in LENGTH_BANDS:
        if highest is None or days <= highest:
            return label
    raise AssertionError("the last band has no upper bound")


def median_days(lengths: Mapping[int, int]) -> float | None:
    """The median of a histogram (length → stays)."""
    ordered = sorted(lengths.items())
    total = sum(count for _, count in ordered)
    if not total:
        return None
    values: list[int] = []
    for middle in sorted({(total - 1) // 2, total // 2}):
        seen = 0
        for days, count in ordered:
            seen += count
            if seen > middle:
                values.append(days)
                break
    return float(statistics.mean(values))


def mean_days(lengths: Mapping[int, int]) -> float | None:
    total = sum(lengths.values())
    return round(sum(days * count for days, count in lengths.items()) / total, 1) if total else None


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def column_sum(rows: Sequence[Sequence[Any]], index: int) -> int:
    return sum(int(row[index]) for row in rows)


def _month(day: date) -> str:
    return day.strftime("%m/%Y")


def build(period: Period, config: Mapping[str, Any]) -> Sequence[ReportTable]:
    capacity = int(config.get("SHELTER_CAPACITY", 20))
    moves = q.movements(period)
    nights = q.nightly_presence(period, moves)
    beds = q.beds_in_service(period)
    onward = {code: place.label for code, place in registry().onward.items()}
    destinations = _destinations(q.discharges_by_destination(period), onward)
    ended, still_open = q.lengths_ended(period), q.lengths_open(period)
    children, turned = q.children_by_band(period), q.turn_aways(period)
    return (
        _bed_nights(nights, beds, capacity, moves.same_day),
        _nightly(nights, beds, capacity),
        _movements_by_month(period, moves),
        destination_classes_table(destinations),
        destinations,
        _lengths(ended, still_open),
        _length_summary(ended, still_open),
        _extensions(q.extensions(period)),
        _children(children),
        _exceptions(children),
        _sources(q.admissions_by_source(period), q.referrals_by_source(period), turned),
        _waiting(q.referrals_closed(period)),
        _turn_aways(turned),
        _returns(*q.returns(period)),
        _benchmark(capacity, int(config.get("MUNICIPALITY_POPULATION", 0))),
    )


def _bed_nights(nights, beds: list[int], capacity: int, same_day: int) -> ReportTable:
    months: dict[str, list[int]] = {}
    for (day, women, persons), in_service in zip(nights, beds, strict=True):
        line = months.setdefault(_month(day), [0, 0, 0, 0])
        line[0] += 1
        line[1] += women
        line[2] += persons
        line[3] += in_service
    rows = tuple((month, n, women, persons, share(women, capacity * n), in_service, share(persons, in_service))
                 for month, (n, women, persons, in_service) in months.items())
    totals = [column_sum(rows, i) for i in (1, 2, 3, 5)]
    total = (_l("Total"), totals[0], totals[1], totals[2], share(totals[1], capacity * totals[0]), totals[3],
             share(totals[2], totals[3]))
    note = ngettext("%(num)d stay began and ended on the same day: it counts 0 nights.",
                    "%(num)d stays began and ended on the same day: they count 0 nights.", same_day)
    return ReportTable(
        "bed_nights", _l("Bed-nights and occupancy by month"),
        _l("A night counts for a person from the admission date up to, not including, the discharge date; a "
           "same-day admission and discharge counts 0 nights. Woman-nights count the women, person-nights the "
           "women and their children. Occupancy of places = woman-nights ÷ (capacity × nights); occupancy of "
           "beds = person-nights ÷ bed-nights in service (each bed from the day it was added, less the days it "
           "was out of service)."),
        (Column("month", _l("Month"), TEXT), Column("nights", _l("Nights"), NUMBER),
         Column("woman_nights", _l("Woman-nights"), NUMBER), Column("person_nights", _l("Person-nights"), NUMBER),
         Column("place_occupancy", _l("Occupancy of places"), SHARE),
         Column("bed_nights", _l("Bed-nights in service"), NUMBER),
         Column("bed_occupancy", _l("Occupancy of beds"), SHARE)),
        rows, total, note=note if same_day else _l("No stay began and ended on the same day."))


def _nightly(nights, beds: list[int], capacity: int) -> ReportTable:
    rows = tuple((day.strftime("%d/%m/%Y"), women, persons, in_service, share(women, capacity),
                  share(persons, in_service))
                 for (day, women, persons), in_service in zip(nights, beds, strict=True))
    return ReportTable(
        "occupancy_nightly", _l("Occupancy night by night"),
        _l("For each night: the women and the persons (women and children) staying that night, the beds in "
           "service, the women against the capacity and the persons against the beds in service."),
        (Column("night", _l("Night"), TEXT), Column("women", _l("Women"), PEOPLE),
         Column("persons", _l("Persons"), PEOPLE), Column("beds", _l("Beds in service"), NUMBER),
         Column("place_occupancy", _l("Occupancy of places"), SHARE),
         Column("bed_occupancy", _l("Occupancy of beds"), SHARE)),
        rows, chart=Chart("line", _l("Occupancy per night"),
                          _l("A line per night of the period: the share of the places taken by women and the "
                             "share of the beds in service taken by women and children."),
                          "night", ("place_occupancy", "bed_occupancy")))


def _movements_by_month(period: Period, moves: q.Movements) -> ReportTable:
    months: dict[str, list[int]] = {}
    for offset in range(period.days):
        day = date.fromordinal(period.start.toordinal() + offset)
        line = months.setdefault(_month(day), [0, 0, 0, 0])
        line[0] += moves.admitted.get(day, (0, 0))[0]
        line[1] += moves.admitted.get(day, (0, 0))[1] - moves.admitted.get(day, (0, 0))[0]
        line[2] += moves.discharged.get(day, (0, 0))[0]
    rows = tuple((month, women, children, left) for month, (women, children, left, _) in months.items())
    total = (_l("Total"), *(column_sum(rows, i) for i in (1, 2, 3)))
    return ReportTable(
        "admissions", _l("Admissions and discharges by month"),
        _l("Women admitted (a stay begun) and the children who came with them, by the admission date; women "
           "discharged by the discharge date. A woman admitted twice counts twice."),
        (Column("month", _l("Month"), TEXT), Column("admitted", _l("Women admitted"), PEOPLE),
         Column("children", _l("Children admitted"), PEOPLE), Column("discharged", _l("Women discharged"), PEOPLE)),
        rows, total)


def _destinations(found: dict[str, int], programme_destinations: Mapping[str, Any]) -> ReportTable:
    def class_of(destination: str) -> str:
        return "permanent" if destination in programme_destinations else destination_class(destination)

    codes = [*DESTINATIONS, *sorted(set(found) - set(DESTINATIONS))]
    rows = []
    for klass in CLASS_ORDER:
        for code in codes:
            if class_of(code) == klass:
                label = DESTINATION_LABELS.get(code) or programme_destinations.get(code) or code
                rows.append((CLASS_LABELS[klass], label, found.get(code, 0)))
    return ReportTable(
        "destinations", _l("Discharges by destination"),
        _l("Stays ended in the period by where the woman went, grouped into permanent housing (own home, "
           "independent housing, REINTEGRATION or another programme), temporary accommodation (relatives, "
           "another shelter), an institution (hospital) and unknown or other."),
        (Column("class", _l("Class"), TEXT), Column("destination", _l("Destination"), TEXT),
         Column("discharged", _l("Women discharged"), PEOPLE)),
        tuple(rows), (_l("Total"), "", sum(found.values())))


def destination_classes_table(destinations: ReportTable) -> ReportTable:
    totals: dict[str, int] = {}
    for klass, _destination, count in destinations.rows:
        totals[str(klass)] = totals.get(str(klass), 0) + count
    rows = tuple((label, totals.get(str(label), 0)) for label in (CLASS_LABELS[k] for k in CLASS_ORDER))
    return ReportTable(
        "destination_classes", _l("Discharges by class of destination"),
        _l("The discharges above, by class of destination."),
        (Column("class", _l("Class"), TEXT), Column("discharged", _l("Women discharged"), PEOPLE)),
        rows, destinations.total and (_l("Total"), destinations.total[2]),
        chart=Chart("bar", _l("Discharges by class of destination"),
                    _l("A bar per class of destination: how many women left for permanent housing, temporary "
                       "accommodation, an institution, or an unknown or other place."),
                    "class", ("discharged",)))


def _lengths(ended: dict[int, int], still_open: dict[int, int]) -> ReportTable:
    def band_counts(lengths: dict[int, int]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for days, count in lengths.items():
            counts[length_band(days)] = counts.get(length_band(days), 0) + count
        return counts

    done, going = band_counts(ended), band_counts(still_open)
    rows = tuple((label, done.get(label, 0), going.get(label, 0)) for label, _, _ in LENGTH_BANDS)
    return ReportTable(
        "length_of_stay", _l("Length of stay in bands"),
        _l("Days from the admission date to the discharge date, for stays ended in the period; for stays still "
           "open at the period's end, days from the admission date to the day after the period's last day."),
        (Column("band", _l("Days"), TEXT), Column("ended", _l("Stays ended"), PEOPLE),
         Column("open", _l("Stays open at the end"), PEOPLE)),
        rows, (_l("Total"), sum(ended.values()), sum(still_open.values())),
        chart=Chart("bar", _l("Length of stay"),
                    _l("Bars per band of days: the stays ended in the period and the stays still open at its end."),
                    "band", ("ended", "open")))


def _length_summary(ended: dict[int, int], still_open: dict[int, int]) -> ReportTable:
    rows = ((_l("Stays ended in the period"), sum(ended.values()), mean_days(ended), median_days(ended)),
            (_l("Stays open at the period's end"), sum(still_open.values()), mean_days(still_open),
             median_days(still_open)))
    return ReportTable(
        "length_summary", _l("Length of stay: mean and median"),
        _l("The same stays as above; mean and median in days."),
        (Column("stays", _l("Stays"), TEXT), Column("count", _l("Number"), PEOPLE),
         Column("mean", _l("Mean (days)"), NUMBER), Column("median", _l("Median (days)"), NUMBER)),
        rows)


def _extensions(found: dict[str, tuple[int, int]]) -> ReportTable:
    rows = tuple((EXTENSION_LABELS[status], found.get(status, (0, 0))[0], found.get(status, (0, 0))[1])
                 for status in EXTENSION_ORDER)
    return ReportTable(
        "extensions", _l("Extensions"),
        _l("Requests to extend a stay made in the period, by their decision today; days added: for approved "
           "requests, the days from the planned end at the request to the end approved."),
        (Column("status", _l("Decision"), TEXT), Column("requests", _l("Requests"), PEOPLE),
         Column("days_added", _l("Days added"), NUMBER)),
        rows, (_l("Requested"), column_sum(rows, 1), column_sum(rows, 2)))


def _children(found: dict[tuple[str, str], tuple[int, int]]) -> ReportTable:
    rows = []
    for code, label in AGE_BANDS:
        girls, boys = found.get(("F", code), (0, 0))[0], found.get(("M", code), (0, 0))[0]
        if code != "18+" or girls or boys:
            rows.append((label, girls, boys, girls + boys))
    return ReportTable(
        "children", _l("Children hosted"),
        _l("Children who stayed with their mother on a stay hosted on at least one day of the period, by sex and "
           "by age at their mother's admission (0–4, 5–11, 12–17 years; 18+ only by a recorded exception)."),
        (Column("band", _l("Age"), TEXT), Column("girls", _l("Girls"), PEOPLE), Column("boys", _l("Boys"), PEOPLE),
         Column("total", _l("Children"), PEOPLE)),
        tuple(rows), (_l("Total"), *(column_sum(rows, i) for i in (1, 2, 3))), row_total="total")


def _exceptions(found: dict[tuple[str, str], tuple[int, int]]) -> ReportTable:
    girls = sum(exceptions for (sex, _), (_, exceptions) in found.items() if sex == "F")
    boys = sum(exceptions for (sex, _), (_, exceptions) in found.items() if sex == "M")
    return ReportTable(
        "age_exceptions", _l("Exceptions to the age rule"),
        _l("Children among those above admitted by a coordinator's recorded exception to the age rule (girls up "
           "to 18, boys up to 12)."),
        (Column("sex", _l("Sex"), TEXT), Column("children", _l("Children"), PEOPLE)),
        ((_l("Girls"), girls), (_l("Boys"), boys)), (_l("Total"), girls + boys))


def _sources(admitted: dict[str, int], referred: dict[str, int],
             turned: dict[tuple[str, str], tuple[int, int]]) -> ReportTable:
    turned_by_source: dict[str, int] = {}
    for (_reason, source), (count, _children) in turned.items():
        turned_by_source[source] = turned_by_source.get(source, 0) + count
    seen = set(admitted) | set(referred) | set(turned_by_source)
    codes = [*REFERRAL_SOURCES, *sorted(seen - set(REFERRAL_SOURCES))]
    rows = tuple((REFERRAL_LABELS.get(code, code), admitted.get(code, 0), referred.get(code, 0),
                  turned_by_source.get(code, 0)) for code in codes)
    return ReportTable(
        "referral_sources", _l("Referral sources"),
        _l("Women admitted in the period by the referral source on her file; referrals received on the waiting "
           "list in the period by their source; requests turned away at once by their source."),
        (Column("source", _l("Source"), TEXT), Column("admitted", _l("Women admitted"), PEOPLE),
         Column("waiting_list", _l("Referrals to the waiting list"), PEOPLE),
         Column("turned_away", _l("Turned away at once"), PEOPLE)),
        rows, (_l("Total"), *(column_sum(rows, i) for i in (1, 2, 3))))


def _waiting(found: dict[str, int]) -> ReportTable:
    rows = tuple((REFERRAL_STATUS_LABELS[status], found.get(status, 0)) for status in CLOSED_ORDER)
    return ReportTable(
        "waiting_list", _l("Waiting list outcomes"),
        _l("Referrals taken off the waiting list in the period, by outcome. Placed elsewhere and withdrawn are "
           "referrals not admitted."),
        (Column("outcome", _l("Outcome"), TEXT), Column("referrals", _l("Referrals"), PEOPLE)),
        rows, (_l("Total"), sum(found.get(status, 0) for status in CLOSED_ORDER)))


def _turn_aways(found: dict[tuple[str, str], tuple[int, int]]) -> ReportTable:
    by_reason: dict[str, list[int]] = {}
    for (reason, _source), (count, children) in found.items():
        line = by_reason.setdefault(reason, [0, 0])
        line[0] += count
        line[1] += children
    rows = tuple((TURN_AWAY_LABELS.get(reason, reason), *by_reason.get(reason, [0, 0]))
                 for reason in [*TURN_AWAY_REASONS, *sorted(set(by_reason) - set(TURN_AWAY_REASONS))])
    return ReportTable(
        "turn_aways", _l("Requests turned away at once"),
        _l("Requests for a place that could not be met when they were made (the turn-away register), by reason, "
           "with the children who would have come with the woman."),
        (Column("reason", _l("Reason"), TEXT), Column("requests", _l("Requests"), PEOPLE),
         Column("children", _l("Children"), PEOPLE)),
        rows, (_l("Total"), column_sum(rows, 1), column_sum(rows, 2)))


def _returns(discharged: int, came_back: dict[int, int]) -> ReportTable:
    rows = tuple((_l("within %(days)d days", days=window), discharged, came_back[window],
                  share(came_back[window], discharged)) for window in q.RETURN_WINDOWS)
    return ReportTable(
        "returns", _l("Returns"),
        _l("Of the women discharged in the period (a woman discharged twice counts twice), those admitted again "
           "(a later stay of the same woman) within 180, 365 and 730 days of the discharge, up to today: for "
           "discharges less than that long ago the window is not over yet."),
        (Column("window", _l("Admitted again"), TEXT), Column("discharged", _l("Women discharged"), PEOPLE),
         Column("returned", _l("Admitted again"), PEOPLE), Column("share", _l("Share"), SHARE)),
        rows)


def _benchmark(capacity: int, population: int) -> ReportTable:
    per_10000 = round(capacity / population * 10000, 2) if population else None
    recommended = round(population / 10000, 1) if population else None
    rows = ((_l("Inhabitants (Heraklion municipality, 2011 census)"), population),
            (_l("Family places at the shelter (capacity in women)"), capacity),
            (_l("Places per 10,000 inhabitants"), per_10000),
            (_l("Places the benchmark asks for (one per 10,000 inhabitants)"), recommended))
    return ReportTable(
        "benchmark", _l("The Council of Europe benchmark"),
        _l("The Council of Europe recommends one family place in a women's shelter per 10,000 inhabitants. A "
           "family place is a woman with her children; the shelter's capacity is counted in women."),
        (Column("figure", _l("Figure"), TEXT), Column("value", _l("Value"), NUMBER)), rows)


def init_app(app: Flask) -> None:
    register_report(app, Report("shelter", _l("The Shelter for Women"), Permission.VIEW_REPORTS, build,
                                order=10, description=_l("Occupancy, admissions and discharges, length of stay, "
                                                         "children, referrals, turn-aways and returns.")))
