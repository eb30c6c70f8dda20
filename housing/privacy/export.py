"""Subject-access downloads, the same for every area: audited, then served."""
from __future__ import annotations

import json
from typing import Any

from flask import Response, render_template
from flask_login import current_user

from housing.core.audit import record
from housing.core.clock import now_utc
from housing.core.privacy import section_titles
from housing.core.reading import read_key, read_value


def subject_access_response(person: Any, data: dict[str, Any], as_json: bool, heading: str, filename: str) -> Any:
    """Record the export on the audit trail (no record, no download: the request commits the
    entry with the answer, or neither), then give the readable page or the JSON file."""
    record("subject_access", person, detail="json" if as_json else "html")
    if not as_json:
        return render_template("privacy/subject_access.html", data=data, exported_at=now_utc(), heading=heading,
                               section_titles=section_titles(), read_key=read_key, read_value=read_value)
    body = json.dumps({"exported_at": now_utc().isoformat(), "exported_by": current_user.username, **data},
                      ensure_ascii=False, indent=2, default=str)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f"attachment; filename={filename}.json"})
