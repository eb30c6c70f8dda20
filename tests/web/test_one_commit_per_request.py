"""One commit per request, in the application (housing.core.requests): no view, service or
helper commits; the CLI commands own their transactions. The request helper itself is tried
on a real application with routes of its own: a refusal of the rules rolls back and keeps
what was typed, an exception leaves nothing written, a failing commit takes back the success
message."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask import flash, redirect, render_template_string, url_for
from sqlalchemy import select
from wtforms import StringField

from housing import create_app
from housing.auth.models import ServiceSetting
from housing.core.errors import RuleViolation, Violation
from housing.core.forms import HousingForm
from housing.core.permissions import Access, guarded_blueprint, requires
from housing.core.requests import perform
from housing.extensions import db

PACKAGE = Path(__file__).resolve().parents[2] / "housing"

# Where a commit belongs: the request's one commit, and the command-line tools.
COMMITS_ALLOWED = {
    "housing/core/requests.py",  # the one commit of every request
    "housing/privacy/cli.py",  # `flask retention purge`
    "housing/demo.py",  # `flask demo load`
}
# A connection-level SET committed on the DBAPI connection as it opens, not a unit of work.
CONNECTION_COMMITS = {("housing/core/database.py", "dbapi_connection")}


def commits_in(source: str) -> list[tuple[int, str]]:
    """Every `<something>.commit()` call: its line and what it is called on."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit":
            found.append((node.lineno, ast.unparse(node.func.value)))
    return sorted(found)


def files_committing() -> dict[str, list[tuple[int, str]]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE.parent).as_posix()
        calls = [(line, target) for line, target in commits_in(path.read_text(encoding="utf-8"))
                 if (name, target) not in CONNECTION_COMMITS]
        if calls:
            found[name] = calls
    return found


def test_nothing_commits_but_the_request_and_the_command_line():
    found = files_committing()
    assert {name: calls for name, calls in found.items()
            if name not in COMMITS_ALLOWED} == {}


def test_every_allowed_place_still_commits():
    """The allowed list names no file that stopped committing (it would let a view start again)."""
    assert sorted(COMMITS_ALLOWED - set(files_committing())) == []


def test_the_commit_finder_finds_a_commit():
    source = "def view():\n    db.session.commit()\n    x = 1\n    connection.commit()\n    commit()\n"
    assert commits_in(source) == [(2, "db.session"), (4, "connection")]
    assert commits_in("db.session.flush()\n") == []


# The request helper on a real application -----------------------------------------------

class NameForm(HousingForm):
    name = StringField()


PAGE = "{% for m in get_flashed_messages() %}<p class=flash>{{ m }}</p>{% endfor %}{{ form.name() }}" \
       "{% for e in form.name.errors %}<p class=error>{{ e }}</p>{% endfor %}"


def _save(key: str, value: str | None) -> ServiceSetting:
    setting = ServiceSetting(key=key, value=value)
    db.session.add(setting)
    return setting


def _refuse(key: str) -> None:
    _save(key, "written before the refusal")
    db.session.flush()
    raise RuleViolation(Violation("name", "That name is taken."))


def _routes():
    bp = guarded_blueprint("trial", __name__, url_prefix="/trial")

    @bp.route("/save", methods=["GET", "POST"])
    @requires(Access.PUBLIC)
    def save():
        form = NameForm()
        if perform(form, lambda: _save(f"trial-{form.name.data}", "saved")):
            flash("Saved.")
            return redirect(url_for("trial.save"))
        return render_template_string(PAGE, form=form), 400 if form.errors else 200

    @bp.route("/refuse", methods=["POST"])
    @requires(Access.PUBLIC)
    def refuse():
        form = NameForm()
        if perform(form, lambda: _refuse(f"trial-{form.name.data}")):
            flash("Saved.")
            return redirect(url_for("trial.save"))
        return render_template_string(PAGE, form=form), 400

    @bp.route("/fail", methods=["POST"])
    @requires(Access.PUBLIC)
    def fail():
        _save("trial-before-the-failure", "half-done")
        db.session.flush()
        raise RuntimeError("the view failed after writing")

    @bp.route("/commit-fails", methods=["POST"])
    @requires(Access.PUBLIC)
    def commit_fails():
        form = NameForm()
        if perform(form, lambda: _save(f"trial-{form.name.data}", None)):  # NOT NULL: refused at the commit
            flash("Saved.")
            return redirect(url_for("trial.save"))
        return render_template_string(PAGE, form=form), 400

    return bp


@pytest.fixture
def trial(app, database_url):
    """An application of the service with the trial routes, working in the test's own
    transaction (tests/conftest.py), rolled back afterwards."""
    trial_app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=False,
                           PROPAGATE_EXCEPTIONS=False)
    trial_app.register_blueprint(_routes())
    engines = db._app_engines[trial_app]  # noqa: SLF001 - as in tests/conftest.py
    own = engines[None]
    engines[None] = db._app_engines[app][None]  # noqa: SLF001 - the test's connection
    with trial_app.app_context():
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
    try:
        yield trial_app
    finally:
        with trial_app.app_context():
            db.session.remove()
        engines[None] = own
        own.dispose()


def _saved(app, prefix: str = "trial-") -> dict[str, str]:
    with app.app_context():
        rows = db.session.scalars(select(ServiceSetting).where(ServiceSetting.key.startswith(prefix))).all()
        return {row.key: row.value for row in rows}


def test_an_accepted_form_is_saved_once_the_view_has_answered(trial):
    client = trial.test_client()
    answer = client.post("/trial/save", data={"name": "ariadne"})
    assert answer.status_code == 302
    assert _saved(trial) == {"trial-ariadne": "saved"}
    assert "<p class=flash>Saved.</p>" in client.get("/trial/save").get_data(as_text=True)


def test_a_refusal_rolls_back_and_keeps_what_was_typed(trial):
    client = trial.test_client()
    answer = client.post("/trial/refuse", data={"name": "phaistos"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert 'value="phaistos"' in page and "<p class=error>That name is taken.</p>" in page
    assert _saved(trial) == {}


def test_an_exception_in_a_view_leaves_nothing_written(trial):
    answer = trial.test_client().post("/trial/fail")
    assert answer.status_code == 500
    assert _saved(trial) == {}


def test_a_failing_commit_shows_no_success_message(trial):
    client = trial.test_client()
    answer = client.post("/trial/commit-fails", data={"name": "knossos"})
    assert answer.status_code == 500
    assert "Saved." not in answer.get_data(as_text=True)
    assert "Saved." not in client.get("/trial/save").get_data(as_text=True)  # nor on the next page
    assert _saved(trial) == {}


def test_a_reading_page_that_writes_without_declaring_it_is_caught(tmp_path):
    """On SQLite a page that only reads never takes the write lock: one that writes must say so
    (@writes_on_read), or its write would fail whenever an admission is being saved."""
    from housing.core.database import UndeclaredWrite, writes_on_read

    probe = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'probe.sqlite'}",
                       WTF_CSRF_ENABLED=False)
    probe.config["PROPAGATE_EXCEPTIONS"] = True
    with probe.app_context():
        db.create_all()

    @probe.route("/probe/undeclared")
    @requires(Access.PUBLIC)
    def undeclared():
        db.session.add(ServiceSetting(key="probe-undeclared", value="x"))
        db.session.flush()
        return "written"

    @probe.route("/probe/declared")
    @requires(Access.PUBLIC)
    @writes_on_read
    def declared():
        db.session.add(ServiceSetting(key="probe-declared", value="x"))
        db.session.flush()
        return "written"

    with pytest.raises(UndeclaredWrite, match="GET undeclared writes"):
        probe.test_client().get("/probe/undeclared")
    assert probe.test_client().get("/probe/declared").get_data(as_text=True) == "written"
    with probe.app_context():
        assert db.session.scalars(select(ServiceSetting.key)).all() == ["probe-declared"]
        db.session.remove()
        db.engine.dispose()
