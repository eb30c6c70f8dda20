"""Subject-access downloads, the same for both programmes: audited, then served."""
from __future__ import annotations

import json

from flask import Response, render_template
from flask_login import current_user

from housing.core.audit import record
from housing.core.clock import now_utc
from housing.extensions import db
from housing.privacy.subject_access import SUBJECT_ACCESS_SECTIONS


def subject_access_response(person, data: dict, as_json: bool, heading: str, filename: str):
    """Record the export on the audit trail (no record, no download), then give the readable
    page or the JSON file."""
    record("subject_access", person, detail="json" if as_json else "html")
    db.session.commit()
    if not as_json:
        return render_template("privacy/subject_access.html", data=data, exported_at=now_utc(), heading=heading,
                               section_titles=SUBJECT_ACCESS_SECTIONS)
    body = json.dumps({"exported_at": now_utc().isoformat(), "exported_by": current_user.username, **data},
                      ensure_ascii=False, indent=2, default=str)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f"attachment; filename={filename}.json"})
