"""The audit trail for coordinators and admins: filters and a CSV export. Read only."""
from __future__ import annotations

import csv
import io
import json

from flask import Response, render_template, request
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from housing.audit import queries
from housing.audit.recorder import record
from housing.core.forms import DMYDateField, HousingForm, choices, format_dmy_hm, record_id
from housing.core.permissions import Permission, guarded_blueprint, requires
from housing.extensions import db

bp = guarded_blueprint("audit", __name__, url_prefix="/audit")


class AuditFilterForm(HousingForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    person = StringField(_l("Person (username)"), validators=[Length(max=80)])
    record = StringField(_l("Record (case code, or type:id)"), validators=[Length(max=60)])
    action = SelectField(_l("Action"), validate_choice=False, default="")
    since = DMYDateField(_l("From"), validators=[Optional()])
    until = DMYDateField(_l("To"), validators=[Optional()])


def _criteria(form: AuditFilterForm) -> queries.AuditFilter:
    if not form.validate():
        return queries.AuditFilter()
    return queries.AuditFilter(form.person.data or "", form.record.data or "", form.action.data or "",
                               form.since.data, form.until.data)


def _form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.action.choices = choices([("", _l("all"))] + [(a, a) for a in queries.actions()])
    return form


@bp.route("/")
@requires(Permission.VIEW_AUDIT)
def trail():
    form = _form()
    before = request.args.get("before", "")
    rows = queries.entries(_criteria(form), before_id=record_id(before))
    return render_template("audit/trail.html", form=form, rows=rows, json=json, page_size=200,
                           query_args={k: v for k, v in request.args.items() if k != "before"})


@bp.route("/export.csv")
@requires(Permission.VIEW_AUDIT)
def export():
    form = _form()
    criteria = _criteria(form)
    rows = db.session.scalars(queries.filtered(criteria)).all()
    record("export_audit", detail=json.dumps({"filter": criteria.__dict__, "rows": len(rows)}, default=str))
    db.session.commit()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "at_athens", "actor", "action", "record_type", "record_id", "case_code", "changes",
                     "detail", "address"])
    for row in rows:
        writer.writerow([row.id, format_dmy_hm(row.at), row.actor, row.action, row.record_type, row.record_id or "",
                         row.case_code, row.changes, row.detail, row.address])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=audit-trail.csv"})
