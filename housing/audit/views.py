"""The audit trail for coordinators and admins: filters and a CSV export. Read only.

Both show each row as a sentence in the reader's language; the values (old → new), case
code, record id and detail only to a reader whose permissions let her see that area's data
(housing.core.audit_areas): the admin reads who, when, what and which kind of record.
"""
from __future__ import annotations

import json

from flask import render_template, request
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import Length, Optional

from housing.core.i18n import gettext, lazy_gettext as _l
import housing.audit.queries as queries
from housing.core.audit_areas import CASE_AREAS, sees_case_values, visible_areas
from housing.core.audit import record
from housing.core.database import writes_on_read
from housing.audit.sentences import action_choices, kind_choices, line_of, staff_ids
from housing.core.forms import DMYDateField, HousingForm, SelectField, choices, record_id
from housing.core.formatting import format_dmy_hm
from housing.core.permissions import Permission, guarded_blueprint, permissions_for, requires
from housing.core.spreadsheet import csv_download
from housing.extensions import db

bp = guarded_blueprint("audit", __name__, url_prefix="/audit")


class AuditFilterForm(HousingForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    person = StringField(_l("Person (username)"), validators=[Length(max=80)])
    action = SelectField(_l("Action"), default="")
    kind = SelectField(_l("Kind of record"), default="")
    case_code = StringField(_l("Case code"), validators=[Length(max=20)])
    since = DMYDateField(_l("From"), validators=[Optional()])
    until = DMYDateField(_l("To"), validators=[Optional()])


def _permissions():
    return permissions_for(current_user.roles)


def _form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.action.choices = choices([("", _l("all"))] + action_choices())
    form.kind.choices = choices([("", _l("all"))] + kind_choices())
    if not sees_case_values(_permissions()):
        del form.case_code  # a case code means nothing to whoever may not see the case
    return form


def _criteria(form: AuditFilterForm) -> queries.AuditFilter:
    if not form.validate():
        return queries.AuditFilter()
    case_areas = frozenset(visible_areas(_permissions()) & set(CASE_AREAS))
    case_code = (form.case_code.data or "") if "case_code" in form else ""
    return queries.AuditFilter(form.person.data or "", form.action.data or "", form.kind.data or "", case_code,
                               form.since.data, form.until.data, case_areas)


def _query_args(form: AuditFilterForm) -> dict[str, str]:
    return {name: value for name, value in request.args.items() if name in form and value}


@bp.route("/")
@requires(Permission.VIEW_AUDIT)
def trail():
    form = _form()
    before = request.args.get("before", "")
    permissions = _permissions()
    entries = queries.entries(_criteria(form), before_id=record_id(before))
    staff = queries.usernames(staff_ids(entries, permissions))
    lines = [line_of(entry, permissions, staff) for entry in entries]
    return render_template("audit/trail.html", form=form, lines=lines, page_size=200,
                           last_id=entries[-1].id if entries else None, query_args=_query_args(form))


@bp.route("/export.csv")
@requires(Permission.VIEW_AUDIT)
@writes_on_read  # the export is recorded with the download
def export():
    form = _form()
    criteria = _criteria(form)
    permissions = _permissions()
    entries = db.session.scalars(queries.filtered(criteria)).all()
    record("export_audit", detail=json.dumps({"rows": len(entries)}))  # saved with the download, or neither
    header = [gettext("When"), gettext("Who"), gettext("Address"), gettext("Action"), gettext("What was done"),
              gettext("Kind of record"), gettext("Record"), gettext("Case code"), gettext("Changes"),
              gettext("Detail")]
    staff = queries.usernames(staff_ids(entries, permissions))
    rows = []
    for entry in entries:
        line = line_of(entry, permissions, staff)
        changes = "; ".join(f"{change.label}: {change.old} → {change.new}" for change in line.changes)
        rows.append([format_dmy_hm(line.at), line.actor, line.address, line.action_label, line.sentence, line.kind,
                     line.record_id or "", line.case_code, changes, line.detail])
    return csv_download(header, rows, "audit-trail.csv")
