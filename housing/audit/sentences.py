"""The audit trail in the user's words: one catalogue of sentences keyed by action (and, where
a service writes rows of several kinds, by record type), translated labels for the kinds of
record and their fields, and values shown as old → new with dates dd/mm/yyyy.

Each action has a sentence without values (for whoever may not see the row's values: the
admin reads who did what, when, to which kind of record) and one with the case code.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from collections.abc import Iterable, Mapping
from typing import Any

from housing.core.i18n import gettext, lazy_gettext as _l

from housing.core.audit_areas import may_see_values
from housing.core.audit_entry import AuditEntry
from housing.core.formatting import format_dmy, format_dmy_hm
from housing.core.permissions import Permission


@dataclass(frozen=True)
class Sentence:
    plain: object  # a lazy string with %(actor)s
    full: object | None = None  # with %(case)s too; None: the plain one serves


# Action → sentences. The actions the services name with @audited and record() write;
# create / update / delete are the rows flushed outside a named action.
ACTIONS: dict[str, Sentence] = {
    "admit": Sentence(_l("%(actor)s admitted a woman to the shelter"), _l("%(actor)s admitted %(case)s")),
    "assign_case_code": Sentence(_l("%(actor)s assigned a case code")),
    "discharge": Sentence(_l("%(actor)s discharged a stay"), _l("%(actor)s discharged %(case)s")),
    "undo_discharge": Sentence(_l("%(actor)s undid a discharge entered by mistake"),
                               _l("%(actor)s undid the discharge of %(case)s, entered by mistake")),
    "transfer": Sentence(_l("%(actor)s moved a household to another room"),
                         _l("%(actor)s moved %(case)s to another room")),
    "create_room": Sentence(_l("%(actor)s created a room")),
    "add_bed": Sentence(_l("%(actor)s added a bed")),
    "take_bed_out_of_service": Sentence(_l("%(actor)s took a bed out of service")),
    "return_bed_to_service": Sentence(_l("%(actor)s put a bed back in service")),
    "restrict_stay": Sentence(_l("%(actor)s changed whether a stay is restricted"),
                              _l("%(actor)s changed whether %(case)s is restricted")),
    "request_extension": Sentence(_l("%(actor)s requested an extension of a stay"),
                                  _l("%(actor)s requested an extension of %(case)s")),
    "decide_extension": Sentence(_l("%(actor)s decided on an extension request"),
                                 _l("%(actor)s decided on the extension of %(case)s")),
    "night_check": Sentence(_l("%(actor)s saved a night check"), _l("%(actor)s marked %(case)s at the night check")),
    "write_shift_entry": Sentence(_l("%(actor)s wrote in the shift log")),
    "edit_shift_entry": Sentence(_l("%(actor)s corrected a shift log entry")),
    "hold_beds": Sentence(_l("%(actor)s held beds for an expected arrival")),
    "release_hold": Sentence(_l("%(actor)s released held beds")),
    "record_turn_away": Sentence(_l("%(actor)s recorded a turn-away")),
    "create_api_token": Sentence(_l("%(actor)s created a vacancy feed token")),
    "revoke_api_token": Sentence(_l("%(actor)s revoked a vacancy feed token")),
    "add_referral": Sentence(_l("%(actor)s added a referral to the waiting list")),
    "close_referral": Sentence(_l("%(actor)s closed a referral on the waiting list")),
    "undo_close_referral": Sentence(_l("%(actor)s put a referral closed by mistake back on the waiting list")),
    "enrol": Sentence(_l("%(actor)s enrolled a beneficiary in REINTEGRATION"),
                      _l("%(actor)s enrolled %(case)s in REINTEGRATION")),
    "enrol_from_shelter": Sentence(_l("%(actor)s enrolled a woman from the shelter in REINTEGRATION"),
                                   _l("%(actor)s enrolled %(case)s from the shelter in REINTEGRATION")),
    "start_tenancy": Sentence(_l("%(actor)s recorded a tenancy"), _l("%(actor)s recorded a tenancy for %(case)s")),
    "end_tenancy": Sentence(_l("%(actor)s ended a tenancy"), _l("%(actor)s ended the tenancy of %(case)s")),
    "renew_lease": Sentence(_l("%(actor)s renewed a lease"), _l("%(actor)s renewed the lease of %(case)s")),
    "record_payment": Sentence(_l("%(actor)s recorded a support payment"),
                               _l("%(actor)s recorded a support payment for %(case)s")),
    "start_job": Sentence(_l("%(actor)s recorded a job"), _l("%(actor)s recorded a job for %(case)s")),
    "end_job": Sentence(_l("%(actor)s ended a job"), _l("%(actor)s ended the job of %(case)s")),
    "record_session": Sentence(_l("%(actor)s recorded a support session"),
                               _l("%(actor)s recorded a support session with %(case)s")),
    "refer": Sentence(_l("%(actor)s referred a beneficiary to a service"),
                      _l("%(actor)s referred %(case)s to a service")),
    "close_service_referral": Sentence(_l("%(actor)s recorded the outcome of a referral"),
                                       _l("%(actor)s recorded the outcome of a referral of %(case)s")),
    "exit_programme": Sentence(_l("%(actor)s recorded an exit from the programme"),
                               _l("%(actor)s recorded the exit of %(case)s from the programme")),
    "undo_exit_programme": Sentence(_l("%(actor)s undid an exit from the programme entered by mistake"),
                                    _l("%(actor)s undid the exit of %(case)s from the programme, entered by mistake")),
    "open_file": Sentence(_l("%(actor)s opened a file"), _l("%(actor)s opened the file of %(case)s")),
    "subject_access": Sentence(_l("%(actor)s exported everything held on a person"),
                               _l("%(actor)s exported everything held on %(case)s")),
    "retention_purge": Sentence(_l("%(actor)s anonymised closed cases past the retention period")),
    "login": Sentence(_l("%(actor)s logged in")),
    "login_failed": Sentence(_l("A login failed")),
    "second_factor_failed": Sentence(_l("%(actor)s entered a wrong second-factor code")),
    "logout": Sentence(_l("%(actor)s logged out")),
    "end_session": Sentence(_l("%(actor)s: a session ended")),
    "create_user": Sentence(_l("%(actor)s created a staff account")),
    "update_user": Sentence(_l("%(actor)s changed a staff account")),
    "reset_password": Sentence(_l("%(actor)s reset a password")),
    "change_password": Sentence(_l("%(actor)s changed their own password")),
    "set_locale": Sentence(_l("%(actor)s changed their language")),
    "require_second_factor": Sentence(_l("%(actor)s changed whether a second factor is required")),
    "enrol_second_factor": Sentence(_l("%(actor)s set up a second factor")),
    "clear_second_factor": Sentence(_l("%(actor)s removed a second factor")),
    "check_second_factor": Sentence(_l("%(actor)s typed a second-factor code")),
    "export_audit": Sentence(_l("%(actor)s exported the audit trail")),
    "create": Sentence(_l("%(actor)s created a record"), _l("%(actor)s created a record of %(case)s")),
    "update": Sentence(_l("%(actor)s changed a record"), _l("%(actor)s changed a record of %(case)s")),
    "delete": Sentence(_l("%(actor)s deleted a record"), _l("%(actor)s deleted a record of %(case)s")),
}
UNKNOWN_ACTION = Sentence(_l("%(actor)s did something the trail has no words for"))
# An extension decision says which way it went, to those who may see it.
APPROVED = _l("%(actor)s approved an extension of %(case)s to %(end)s")
REJECTED = _l("%(actor)s rejected an extension of %(case)s")

# The filter's list of actions, in the order a person looks for them (never read from the table).
ACTION_LABELS: dict[str, object] = {
    "admit": _l("Admission"), "discharge": _l("Discharge"), "transfer": _l("Room transfer"),
    "undo_discharge": _l("Discharge undone"),
    "restrict_stay": _l("Restriction of a stay"), "request_extension": _l("Extension request"),
    "decide_extension": _l("Extension decision"), "night_check": _l("Night check"),
    "write_shift_entry": _l("Shift log entry"), "edit_shift_entry": _l("Shift log correction"),
    "hold_beds": _l("Beds held"), "release_hold": _l("Hold released"), "add_referral": _l("Referral added"),
    "close_referral": _l("Referral closed"), "undo_close_referral": _l("Referral closure undone"),
    "create_room": _l("Room created"), "add_bed": _l("Bed added"),
    "take_bed_out_of_service": _l("Bed out of service"), "return_bed_to_service": _l("Bed back in service"),
    "enrol": _l("Enrolment"), "enrol_from_shelter": _l("Enrolment from the shelter"),
    "start_tenancy": _l("Tenancy recorded"), "end_tenancy": _l("Tenancy ended"), "renew_lease": _l("Lease renewed"),
    "record_payment": _l("Support payment"), "start_job": _l("Job recorded"), "end_job": _l("Job ended"),
    "record_session": _l("Support session"), "refer": _l("Referral to a service"),
    "close_service_referral": _l("Outcome of a referral"), "exit_programme": _l("Exit from the programme"),
    "undo_exit_programme": _l("Exit undone"), "open_file": _l("File opened"),
    "subject_access": _l("Subject access export"),
    "retention_purge": _l("Retention purge"), "login": _l("Login"), "login_failed": _l("Failed login"),
    "second_factor_failed": _l("Wrong second-factor code"), "logout": _l("Logout"),
    "end_session": _l("Session ended"),
    "create_user": _l("Account created"), "update_user": _l("Account changed"),
    "reset_password": _l("Password reset"), "change_password": _l("Own password changed"),
    "set_locale": _l("Language changed"), "require_second_factor": _l("Second factor requirement"),
    "enrol_second_factor": _l("Second factor set up"), "clear_second_factor": _l("Second factor removed"),
    "check_second_factor": _l("Second-factor code"),
    "export_audit": _l("Audit trail export"), "assign_case_code": _l("Case code assigned"),
    "record_turn_away": _l("Turn-away recorded"), "create_api_token": _l("Feed token created"),
    "revoke_api_token": _l("Feed token revoked"),
    "create": _l("Other creation"), "update": _l("Other change"), "delete": _l("Other deletion"),
}

RECORD_KINDS: dict[str, object] = {
    "resident": _l("resident"), "child": _l("child"), "stay": _l("stay"), "stay_child": _l("child on a stay"),
    "placement": _l("room placement"), "extension_request": _l("extension request"),
    "night_check": _l("night check"), "night_check_mark": _l("night check mark"),
    "shift_log_entry": _l("shift log entry"), "referral": _l("waiting list referral"),
    "referral_child": _l("child on a referral"), "room_hold": _l("bed hold"),
    "beneficiary": _l("beneficiary"), "tenancy": _l("tenancy"), "support_payment": _l("support payment"),
    "job": _l("job"), "support_session": _l("support session"), "service_referral": _l("referral to a service"),
    "user_account": _l("staff account"), "user_role": _l("role of a staff account"),
    "service_setting": _l("service setting"), "room": _l("room"), "bed": _l("bed"),
    "bed_service_period": _l("time a bed was out of service"), "turn_away": _l("turn-away"),
    "api_token": _l("vacancy feed token"),
}

FIELD_LABELS: dict[str, object] = {
    "first_name": _l("First name"), "last_name": _l("Last name"), "birth_date": _l("Date of birth"),
    "nationality": _l("Nationality"), "languages": _l("Languages"), "phone": _l("Phone"),
    "referral_source": _l("Referral source"), "notes": _l("Notes"), "anonymised_at": _l("Anonymised at"),
    "created_at": _l("Created at"), "name": _l("Name"), "floor": _l("Floor"), "username": _l("Username"),
    "full_name": _l("Full name"), "email": _l("E-mail"), "password_hash": _l("Password"),
    "active": _l("Active"), "locale": _l("Language"), "must_change_password": _l("Must change password"),
    "totp_secret": _l("Second factor"), "room_id": _l("Room"), "label": _l("Label"), "is_cot": _l("Cot"),
    "in_service": _l("In service"), "out_of_service_reason": _l("Reason out of service"),
    "out_of_service_since": _l("Out of service since"), "mother_id": _l("Mother"), "sex": _l("Sex"),
    "night_of": _l("Night of"), "created_by_id": _l("Created by"), "updated_at": _l("Updated at"),
    "kind": _l("Kind"), "text": _l("Text"), "author_id": _l("Author"), "written_at": _l("Written at"),
    "edited_at": _l("Edited at"), "case_code": _l("Case code"), "programme": _l("Programme"),
    "resident_id": _l("Resident"),
    "admitted_on": _l("Admitted on"), "original_end": _l("Original end"), "planned_end": _l("Planned end"),
    "discharged_on": _l("Discharged on"), "discharge_reason": _l("Reason for discharge"),
    "destination": _l("Destination"), "admitted_by_id": _l("Admitted by"),
    "discharged_by_id": _l("Discharged by"), "discharge_recorded_at": _l("Discharge entered at"),
    "exit_recorded_at": _l("Exit entered at"), "closed_at": _l("Closure entered at"), "restricted": _l("Restricted"),
    "restricted_reason": _l("Reason for the restriction"),
    "restriction_requested_by_id": _l("Restriction requested by"),
    "restriction_requested_at": _l("Restriction requested at"),
    "distinct_from_id": _l("A different person from"), "distinct_reason": _l("Why she is a different person"),
    "user_id": _l("Staff account"), "role": _l("Role"),
    "key": _l("Setting"), "value": _l("Value"), "household_size": _l("Household size"),
    "household_members": _l("Household members"), "caseworker_id": _l("Caseworker"),
    "enrolled_on": _l("Enrolled on"), "ethos_at_entry": _l("Living situation at entry"), "status": _l("Status"),
    "exited_on": _l("Exited on"), "ethos_at_exit": _l("Living situation at exit"),
    "housed_at_exit": _l("Housed at exit"), "employed_at_exit": _l("Employed at exit"),
    "exit_notes": _l("Exit notes"), "exited_by_id": _l("Exit recorded by"), "enrolled_by_id": _l("Enrolled by"),
    "from_stay_id": _l("From the stay"), "consent_on": _l("Consent given on"),
    "consent_recorded_by_id": _l("Consent recorded by"), "stay_id": _l("Stay"), "current_end": _l("Current end"),
    "proposed_end": _l("Proposed end"), "reason": _l("Reason"), "requested_by_id": _l("Requested by"),
    "requested_at": _l("Requested at"), "decided_end": _l("Decided end"), "decision_note": _l("Decision note"),
    "decided_by_id": _l("Decided by"), "decided_at": _l("Decided at"), "check_id": _l("Night check"),
    "present": _l("Present"), "note": _l("Note"), "current": _l("Current"), "marked_by_id": _l("Marked by"),
    "marked_at": _l("Marked at"), "started_on": _l("Started on"), "ended_on": _l("Ended on"),
    "placed_by_id": _l("Placed by"), "received_on": _l("Received on"), "source": _l("Source"),
    "urgency": _l("Urgency"), "contact_notes": _l("Contact notes"), "closed_on": _l("Closed on"),
    "closing_note": _l("Closing note"), "closed_by_id": _l("Closed by"), "child_id": _l("Child"),
    "exception_reason": _l("Reason for the exception"), "exception_by_id": _l("Exception granted by"),
    "beneficiary_id": _l("Beneficiary"), "employer": _l("Employer"), "position": _l("Position"),
    "end_reason": _l("Reason for the end"), "wage_subsidy_start": _l("Salary subsidy from"),
    "wage_subsidy_end": _l("Salary subsidy until"), "insurance_subsidy_start": _l("Insurance subsidy from"),
    "insurance_subsidy_end": _l("Insurance subsidy until"), "ended_by_id": _l("Ended by"),
    "referral_id": _l("Referral"), "age_years": _l("Age"), "beds": _l("Beds"), "held_until": _l("Held until"),
    "released_at": _l("Released at"), "released_by_id": _l("Released by"), "service": _l("Service"),
    "referred_on": _l("Referred on"), "outcome": _l("Outcome"), "address": _l("Address"),
    "landlord": _l("Landlord"), "lease_start": _l("Lease start"), "lease_end": _l("Lease end"),
    "monthly_rent_cents": _l("Monthly rent (cents)"), "subsidy_cents": _l("Rent subsidy (cents)"),
    "subsidy_start": _l("Rent subsidy from"), "subsidy_end": _l("Rent subsidy until"), "paid_on": _l("Paid on"),
    "amount_cents": _l("Amount (cents)"), "recorded_by_id": _l("Recorded by"), "held_on": _l("Held on"),
    "duration_minutes": _l("Duration (minutes)"), "staff_id": _l("Staff member"),
    "bed_id": _l("Bed"), "out_from": _l("Out of service from"), "back_on": _l("Back in service on"),
    "occurred_on": _l("Date"), "children": _l("Children"), "oldest_child_age": _l("Oldest child's age"),
    "referred_to": _l("Referred instead to"), "recorded_at": _l("Recorded at"), "partner": _l("Partner"),
    "token_hash": _l("Token"), "token_hint": _l("Token's first characters"), "last_used_at": _l("Last used at"),
    "revoked_at": _l("Revoked at"), "revoked_by_id": _l("Revoked by"),
}

# The safety plan (housing.shelter.safety): its actions, kinds of record and fields.
ACTIONS.update({
    "assess_risk": Sentence(_l("%(actor)s recorded a risk assessment"),
                            _l("%(actor)s recorded a risk assessment of %(case)s")),
    "record_protective_order": Sentence(_l("%(actor)s recorded a protective order"),
                                        _l("%(actor)s recorded a protective order of %(case)s")),
    "end_protective_order": Sentence(_l("%(actor)s marked a protective order ended"),
                                     _l("%(actor)s marked a protective order of %(case)s ended")),
    "bar_person": Sentence(_l("%(actor)s named a person not to be let in"),
                           _l("%(actor)s named a person not to be let in, for %(case)s")),
    "end_barred_person": Sentence(_l("%(actor)s took a person off the door list"),
                                  _l("%(actor)s took a person off the door list, for %(case)s")),
})
ACTION_LABELS.update({
    "assess_risk": _l("Risk assessment"), "record_protective_order": _l("Protective order recorded"),
    "end_protective_order": _l("Protective order ended"), "bar_person": _l("Person not to be let in"),
    "end_barred_person": _l("Person off the door list"),
})
RECORD_KINDS.update({
    "risk_assessment": _l("risk assessment"), "protective_order": _l("protective order"),
    "protective_order_child": _l("child protected by an order"), "barred_person": _l("person not to be let in"),
})
FIELD_LABELS.update({
    "level": _l("Risk level"), "assessed_on": _l("Assessed on"), "next_review_on": _l("Next review"),
    "assessed_by_id": _l("Assessed by"), "recorded_at": _l("Recorded at"), "authority": _l("Issued by"),
    "reference": _l("Reference number"), "issued_on": _l("Issued on"), "valid_until": _l("Valid until"),
    "conditions": _l("Conditions"), "protects_woman": _l("It protects her"), "ended_at": _l("Ended at"),
    "order_id": _l("Protective order"), "stay_child_id": _l("Child on the stay"),
    "relationship_to_her": _l("Relationship to her"), "description": _l("Description"),
    "what_to_do": _l("What to do"),
})
# Her deadlines and the follow-up after leaving (housing.shelter.deadlines, housing.shelter.follow_up and
# housing.programmes.aftercare): their actions, kinds of record and fields.
ACTIONS.update({
    "record_deadline": Sentence(_l("%(actor)s recorded a deadline"), _l("%(actor)s recorded a deadline of %(case)s")),
    "complete_deadline": Sentence(_l("%(actor)s marked a deadline done"),
                                  _l("%(actor)s marked a deadline of %(case)s done")),
    "record_follow_up_consent": Sentence(_l("%(actor)s recorded the consent to follow-up"),
                                         _l("%(actor)s recorded the consent to follow-up of %(case)s")),
    "change_follow_up_consent": Sentence(_l("%(actor)s changed the consent to follow-up"),
                                         _l("%(actor)s changed the consent to follow-up of %(case)s")),
    "record_follow_up_attempt": Sentence(_l("%(actor)s recorded a follow-up attempt"),
                                         _l("%(actor)s recorded a follow-up attempt for %(case)s")),
})
ACTION_LABELS.update({
    "record_deadline": _l("Deadline recorded"), "complete_deadline": _l("Deadline done"),
    "record_follow_up_consent": _l("Consent to follow-up"),
    "change_follow_up_consent": _l("Consent to follow-up changed"),
    "record_follow_up_attempt": _l("Follow-up attempt"),
})
RECORD_KINDS.update({
    "stay_deadline": _l("deadline"), "beneficiary_deadline": _l("deadline"),
    "stay_follow_up": _l("consent to follow-up"), "beneficiary_follow_up": _l("consent to follow-up"),
    "stay_follow_up_attempt": _l("follow-up attempt"), "beneficiary_follow_up_attempt": _l("follow-up attempt"),
})
FIELD_LABELS.update({
    "due_on": _l("Date"), "responsible": _l("Responsible"), "done_at": _l("Marked done at"),
    "done_by_id": _l("Marked done by"), "consents": _l("Consents to be contacted"), "channel": _l("How"),
    "service": _l("Service"), "month": _l("Follow-up (months after leaving)"), "attempted_on": _l("Attempted on"),
    "reached": _l("She was reached"), "housing_outcome": _l("Housing"), "work_outcome": _l("Work"),
    "follow_up_id": _l("Follow-up"),
})
OTHER_FIELD = _l("Another field")


# Fields that hold a staff account's id: shown as the username.
STAFF_FIELDS = {"created_by_id", "author_id", "admitted_by_id", "discharged_by_id", "caseworker_id", "exited_by_id",
                "enrolled_by_id", "consent_recorded_by_id", "requested_by_id", "decided_by_id", "marked_by_id",
                "placed_by_id", "closed_by_id", "exception_by_id", "ended_by_id", "released_by_id",
                "recorded_by_id", "staff_id", "user_id", "restriction_requested_by_id", "revoked_by_id",
                "done_by_id"}


def _code_labels() -> dict[tuple[str, str], Mapping[Any, Any]]:
    """Stored codes shown with the labels the forms give them (imported late: the forms are the
    areas' own)."""
    from housing.auth.forms import ROLE_LABELS
    from housing.core import follow_up
    from housing.core.deadlines import DEADLINE_KIND_LABELS
    from housing.programmes import forms as programme
    from housing.programmes.programme import programmes as programme_definitions
    from housing.shelter import choices as shelter
    from housing.shelter.safety import labels as safety

    labels: dict[tuple[str, str], Mapping[Any, Any]] = {
        ("stay", "destination"): shelter.DESTINATION_LABELS, ("resident", "referral_source"): shelter.REFERRAL_LABELS,
        ("referral", "source"): shelter.REFERRAL_LABELS, ("child", "sex"): shelter.SEX_LABELS,
        ("referral_child", "sex"): shelter.SEX_LABELS, ("extension_request", "status"): shelter.EXTENSION_STATUS_LABELS,
        ("shift_log_entry", "kind"): shelter.SHIFT_LOG_LABELS, ("referral", "urgency"): shelter.URGENCY_LABELS,
        ("referral", "status"): shelter.REFERRAL_STATUS_LABELS, ("beneficiary", "sex"): programme.SEX_LABELS,
        ("beneficiary", "ethos_at_entry"): programme.ETHOS_LABELS,
        ("beneficiary", "ethos_at_exit"): programme.ETHOS_LABELS, ("beneficiary", "status"): programme.STATUS_LABELS,
        ("support_payment", "kind"): programme.PAYMENT_KIND_LABELS,
        ("support_session", "kind"): programme.SESSION_KIND_LABELS, ("user_role", "role"): ROLE_LABELS,
        ("protective_order", "kind"): safety.ORDER_KIND_LABELS,
        ("protective_order", "authority"): safety.AUTHORITY_LABELS, ("risk_assessment", "level"): safety.RISK_LABELS,
        ("beneficiary", "programme"): {code: p.name for code, p in programme_definitions().items()},
    }
    for table in ("stay", "beneficiary"):
        labels.update({(f"{table}_deadline", "kind"): DEADLINE_KIND_LABELS,
                       (f"{table}_follow_up", "channel"): follow_up.CHANNEL_LABELS,
                       (f"{table}_follow_up_attempt", "channel"): follow_up.ATTEMPT_CHANNEL_LABELS,
                       (f"{table}_follow_up_attempt", "housing_outcome"): follow_up.HOUSING_OUTCOME_LABELS})
    labels[("beneficiary_follow_up_attempt", "work_outcome")] = follow_up.WORK_OUTCOME_LABELS
    return labels


# Keys of the subject-access export that are not stored fields (its lists and their columns).
EXPORT_LABELS: dict[str, object] = {
    "rooms": _l("Rooms"), "room": _l("Room"), "from": _l("From"), "to": _l("To"),
    "children": _l("Children"), "extension_requests": _l("Extension requests"), "night_checks": _l("Night checks"),
    "age_rule_exception": _l("Exception to the age rule"), "entry_id": _l("Entry"), "id": _l("Number"),
    "changes": _l("Changes"), "action": _l("Action"), "at": _l("When"), "actor": _l("By"),
    "record_type": _l("Kind of record"), "record_id": _l("Record"), "operation": _l("Operation"),
    "area": _l("Area"), "detail": _l("Detail"),
    "risk_assessments": _l("Risk assessments"), "protective_orders": _l("Protective orders"),
    "barred_persons": _l("Persons who must not be let in"), "protects_children": _l("Children it protects"),
    "shift_log_mentions": _l("Shift log entries that mention her"),
    "items": _l("Deadlines"), "attempts": _l("Attempts"),  # her deadlines and follow-up (each stay's)
}


OPERATION_LABELS: dict[str, object] = {"create": _l("created"), "update": _l("changed"), "delete": _l("deleted")}


def field_label_or_none(name: str) -> object | None:
    return FIELD_LABELS.get(name) or EXPORT_LABELS.get(name)


# The audit trail's areas (housing.core.audit_areas), as the export names them.
AREA_LABELS: dict[str, object] = {
    "accounts": _l("Staff accounts"), "api": _l("Vacancy feed"), "shelter": _l("Shelter"),
    "rooms": _l("Rooms and beds"), "turn_aways": _l("Turn-aways"), "safety": _l("Safety plan"),
    "reintegration": _l("Programmes"),
}


def code_label(name: str, value: object) -> object | None:
    """A stored code's label, whatever table it is stored in (the export's keys carry no table)."""
    if name == "area" and value in AREA_LABELS:
        return AREA_LABELS[value]
    if name == "actor" and isinstance(value, str) and (value in SYSTEM_ACTORS or value.startswith("system:")):
        return actor_shown(value)
    if name == "action" and value in ACTION_LABELS:
        return ACTION_LABELS[value]
    if name == "operation" and value in OPERATION_LABELS:
        return OPERATION_LABELS[value]
    if name == "record_type" and value in RECORD_KINDS:
        return RECORD_KINDS[value]
    for (_table, field_name), labels in _code_labels().items():
        if field_name == name and value in labels:
            return labels[value]
    return None


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Line:
    """One row of the trail as a person reads it; values only when she may see them."""

    entry_id: int
    at: datetime
    actor: str
    address: str
    action: str
    action_label: str
    sentence: str
    kind: str
    shows_values: bool
    record_id: int | None = None
    case_code: str = ""
    changes: list[Change] = field(default_factory=list)
    detail: str = ""


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return format_dmy(date.fromisoformat(value))
            if len(value) > 18 and value[10] == "T":
                return format_dmy_hm(datetime.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


def _changes(entry: AuditEntry, staff: dict[int, str]) -> list[Change]:
    if not entry.changes:
        return []
    codes = _code_labels()

    def value(name, raw):
        labels = codes.get((entry.record_type, name))
        if labels is not None and raw in labels:
            return str(labels[raw])
        if name in STAFF_FIELDS and raw in staff:
            return staff[raw]
        return _shown(raw)

    return [Change(str(RECORD_FIELD_LABELS.get((entry.record_type, name)) or FIELD_LABELS.get(name, OTHER_FIELD)),
                   value(name, old), value(name, new))
            for name, (old, new) in json.loads(entry.changes).items()]


# Where one column name means different things in different tables.
RECORD_FIELD_LABELS: dict[tuple[str | None, str], object] = {("room", "name"): _l("Room name")}


def staff_ids(entries: Iterable[AuditEntry], permissions: Iterable[Permission]) -> set[int]:
    """The staff accounts named in the values this reader may see (their usernames are loaded at once)."""
    permissions = set(permissions)
    found: set[int] = set()
    for entry in entries:
        if entry.changes and may_see_values(permissions, entry.area):
            for name, pair in json.loads(entry.changes).items():
                if name in STAFF_FIELDS:
                    found.update(value for value in pair if isinstance(value, int))
    return found


FAILED_LOGIN_PREFIX = "username tried: "  # as housing.auth.services writes it
DETAILS = {"enrolment from the shelter": _l("for an enrolment from the shelter"), "json": _l("as JSON"),
           "html": _l("as a page")}
# Why a session ended (housing/auth/sessions.py writes "session <id>: <reason>").
SESSION_END_REASONS = {
    "logout": _l("logged out"), "idle": _l("idle too long"), "expired": _l("past its lifetime"),
    "password_changed": _l("her password was changed"), "password_reset": _l("her password was reset"),
    "deactivated": _l("the account was deactivated"), "roles_changed": _l("her roles were changed"),
    "ended_by_user": _l("ended from the account page"), "wrong_codes": _l("too many wrong second-factor codes"),
}


def _facts(detail: str) -> dict:
    try:
        facts = json.loads(detail)
    except ValueError:
        return {}
    return facts if isinstance(facts, dict) else {}


def _detail(entry: AuditEntry) -> str:
    """What the service wrote beside the row, in the reader's language: the username a failed
    login typed, how a file was opened or exported, what an export or a purge counted."""
    if not entry.detail:
        return ""
    if entry.action == "export_audit":
        return gettext("%(rows)d rows", rows=int(_facts(entry.detail).get("rows", 0)))
    if entry.action == "retention_purge":
        facts = _facts(entry.detail)
        return gettext("before %(day)s: %(residents)d residents, %(stays)d stays, %(beneficiaries)d beneficiaries",
                       day=_shown(facts.get("cutoff")), residents=int(facts.get("residents", 0)),
                       stays=int(facts.get("stays", 0)), beneficiaries=int(facts.get("beneficiaries", 0)))
    if entry.action == "end_session":
        reason = entry.detail.rpartition(": ")[2]
        return str(SESSION_END_REASONS.get(reason, reason))
    if entry.detail.startswith(FAILED_LOGIN_PREFIX):
        return gettext("username typed: %(name)s", name=entry.detail[len(FAILED_LOGIN_PREFIX):])
    known = DETAILS.get(entry.detail)
    return str(known) if known is not None else entry.detail


# Who acted when no person did: the audit stores a code, the reader reads words.
SYSTEM_ACTORS = {"anonymous": _l("a visitor not signed in"), "system": _l("the service itself")}
SYSTEM_COMMANDS = {"retention-purge": _l("the retention purge")}


def actor_shown(actor: str) -> str:
    """A username as it is; "anonymous", "system" and "system:<command>" in the reader's language."""
    if actor in SYSTEM_ACTORS:
        return str(SYSTEM_ACTORS[actor])
    if actor.startswith("system:"):
        command = actor.partition(":")[2]
        return str(SYSTEM_COMMANDS[command]) if command in SYSTEM_COMMANDS else gettext(
            "the service (%(command)s)", command=command)
    return actor


def _sentence(entry: AuditEntry, shows_values: bool) -> str:
    sentence = ACTIONS.get(entry.action, UNKNOWN_ACTION)
    actor = actor_shown(entry.actor)
    if not shows_values or not entry.case_code:
        return str(sentence.plain) % {"actor": actor}
    if entry.action == "decide_extension" and entry.record_type == "extension_request" and entry.changes:
        decided = json.loads(entry.changes)
        status = decided.get("status", [None, None])[1]
        if status == "approved":
            end = decided.get("decided_end", [None, None])[1]
            return str(APPROVED) % {"actor": actor, "case": entry.case_code, "end": _shown(end)}
        if status == "rejected":
            return str(REJECTED) % {"actor": actor, "case": entry.case_code}
    return str(sentence.full or sentence.plain) % {"actor": actor, "case": entry.case_code}


def line_of(entry: AuditEntry, permissions: Iterable[Permission], staff: dict[int, str] | None = None) -> Line:
    shows_values = may_see_values(permissions, entry.area)
    kind = str(RECORD_KINDS.get(entry.record_type, "")) if entry.record_type else ""
    label = str(ACTION_LABELS.get(entry.action, entry.action))
    line = Line(entry.id, entry.at, actor_shown(entry.actor), entry.address, entry.action, label,
                _sentence(entry, shows_values), kind, shows_values)
    if shows_values:
        line.record_id, line.case_code = entry.record_id, entry.case_code
        line.changes, line.detail = _changes(entry, staff or {}), _detail(entry)
    return line


def action_choices() -> list[tuple[str, str]]:
    return [(action, str(label)) for action, label in ACTION_LABELS.items()]


def kind_choices() -> list[tuple[str, str]]:
    return sorted(((kind, str(label)) for kind, label in RECORD_KINDS.items()), key=lambda pair: pair[1])
