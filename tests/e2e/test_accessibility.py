"""axe-core on every page of every role, in Greek and in English, against gunicorn on the demo data.

The pages are not listed by hand: every GET route of the app is visited, as test_access.py
walks every route, so a page added later is checked without a line here. A route whose URL
needs an argument takes it from SAMPLE_ARGUMENTS (looked up in the demo data); a new kind of
argument fails the walk until it is given one. Only the pages a role is served (200, HTML)
are checked: a refusal is the same error page each time, checked once per context.

The rules: WCAG 2.0 / 2.1 A and AA, the duplicate-id rules (axe keeps them off by default)
and, from axe's "needs review" results, the ones that were real here: contrast it could not
settle and duplicate ids. Bed states on the board must differ by more than colour: checked
in test_a_bed_state_shows_without_colour.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError, expect

from housing.core.clock import today
from tests.e2e.conftest import CAPACITY
from tests.live import DEMO_PASSWORD, fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.e2e

ROLES = ("admin", "coordinator", "shelter_staff", "night_shift", "reintegration_staff")
LANGUAGES = ("el", "en")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DUPLICATE_ID_RULES = ("duplicate-id", "duplicate-id-active", "duplicate-id-aria")
# axe's "needs review" answers taken as failures: an id repeats, or a contrast it could not settle.
# Two reasons for the latter are left out: a cell holding only a symbol (the evacuation list's ✓
# column) and text over the night check's sticky bar (opaque, white); the beds' own contrast is
# measured in test_a_bed_state_shows_by_more_than_colour.
REVIEW_RULES = {"color-contrast", *DUPLICATE_ID_RULES}
UNDECIDABLE_CONTRAST = {"nonBmp", "elmPartiallyObscuring"}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS},
               "rules": {rule: {"enabled": True} for rule in DUPLICATE_ID_RULES},
               "resultTypes": ["violations", "incomplete"]}
# Routes that are no page of their own: the language switch (a redirect) and the static files.
NOT_PAGES = {"auth.choose_language", "static"}
# A route's argument taken from another sample for that one route.
ARGUMENT_OVERRIDES = {"reintegration.enrol_from_shelter": {"stay_id": "discharged_to_programme_stay_id"}}


def sample_arguments() -> dict[str, object]:
    """One of each record the routes name, from the demo data just loaded (in its app context)."""
    from sqlalchemy import select

    from housing.auth.models import User
    from housing.extensions import db
    from housing.programmes.models import Beneficiary, Job, ServiceReferral, Tenancy
    from housing.shelter.models import NightCheck, Referral, Room, ShiftLogEntry, Stay
    from housing.shelter.safety.models import BarredPerson, ProtectiveOrder

    def first(query):
        value = db.session.scalars(query.limit(1)).first()
        assert value is not None, f"the demo data has no row for {query}"
        return value

    stay = first(select(Stay).join(BarredPerson, BarredPerson.stay_id == Stay.id)
                 .where(Stay.discharged_on.is_(None)).order_by(Stay.id))
    return {
        "stay_id": stay.id, "resident_id": stay.resident_id,
        "discharged_to_programme_stay_id": first(select(Stay.id).where(Stay.destination == "reintegration")),
        "user_id": first(select(User.id).where(User.username == "staff")),
        "room_id": first(select(Room.id).order_by(Room.id)),
        "entry_id": first(select(ShiftLogEntry.id).order_by(ShiftLogEntry.id)),
        "night": first(select(NightCheck.night_of).order_by(NightCheck.night_of.desc())).isoformat(),
        "referral_id": first(select(Referral.id).order_by(Referral.id)),
        "person_id": first(select(BarredPerson.id).order_by(BarredPerson.id)),
        "order_id": first(select(ProtectiveOrder.id).order_by(ProtectiveOrder.id)),
        "beneficiary_id": first(select(Beneficiary.id).order_by(Beneficiary.id)),
        "tenancy_id": first(select(Tenancy.id).order_by(Tenancy.id)),
        "job_id": first(select(Job.id).order_by(Job.id)),
        "service_referral_id": first(select(ServiceReferral.id).order_by(ServiceReferral.id)),
        "report": "shelter", "table": "bed_nights",
    }


def _a_bed_out_of_service() -> None:
    """The demo has every bed in service; the board and the room page should show one that is not."""
    from sqlalchemy import select

    from housing.extensions import db
    from housing.shelter.models import Room, RoomHold
    from housing.shelter.rooms.queries import persons_by_room
    from housing.shelter.rooms.services import take_bed_out_of_service

    persons = persons_by_room()
    rooms = db.session.scalars(select(Room).where(Room.id.not_in(select(RoomHold.room_id))).order_by(Room.id))
    room = next(room for room in rooms if room.beds_in_service > persons.get(room.id, 0))
    take_bed_out_of_service(room.beds[-1], "Repairs to the bed frame", today())


def page_paths(app, arguments: dict[str, object]) -> list[tuple[str, str]]:
    """(endpoint, path) for every GET route of the app, its arguments filled in."""
    adapter = app.url_map.bind("localhost")
    paths, unknown = [], set()
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
            continue
        given = {**arguments, **{name: arguments[source]
                                 for name, source in ARGUMENT_OVERRIDES.get(rule.endpoint, {}).items()}}
        missing = set(rule.arguments) - set(given)
        if missing:
            unknown |= {f"{rule.endpoint}: {name}" for name in missing}
            continue
        paths.append((rule.endpoint, adapter.build(rule.endpoint, {name: given[name] for name in rule.arguments})))
    assert not unknown, f"give these URL arguments a sample in sample_arguments(): {sorted(unknown)}"
    return paths


@dataclass(frozen=True)
class DemoService:
    base_url: str
    pages: list[tuple[str, str]]


@pytest.fixture(scope="module")
def demo_service():
    """gunicorn on the demo data, with one account per role and language (`<role>-<language>`)."""
    from flask import current_app

    from housing.demo import load_demo

    with fresh_database("e2e_axe") as url:
        with seeding(url, capacity=CAPACITY) as seed:
            load_demo(today())
            _a_bed_out_of_service()
            for role in ROLES:
                for language in LANGUAGES:
                    seed.user(f"{role}-{language}", role, locale=language, password=DEMO_PASSWORD)
            pages = page_paths(current_app, sample_arguments())
        with gunicorn_server(url, workers=1, threads=4, env={"SHELTER_CAPACITY": str(CAPACITY)}) as base_url:
            yield DemoService(base_url, pages)


@dataclass
class Findings:
    """What axe found in one context: pages checked and the nodes failing each rule, per page."""
    pages: int = 0
    nodes: Counter = field(default_factory=Counter)  # rule → failing nodes
    where: dict[str, set[str]] = field(default_factory=dict)  # rule → paths

    def add(self, path: str, result: dict) -> None:
        self.pages += 1
        for item in failing(result):
            self.nodes[item["id"]] += len(item["nodes"])
            self.where.setdefault(item["id"], set()).add(path)


def _reasons(node: dict) -> set[str]:
    return {(check.get("data") or {}).get("messageKey") for check in node["any"] if isinstance(check.get("data"), dict)}


def failing(result: dict) -> list[dict]:
    """axe's violations, and its "needs review" items of REVIEW_RULES (undecidable contrast aside)."""
    review = []
    for item in result["incomplete"]:
        if item["id"] not in REVIEW_RULES:
            continue
        nodes = [node for node in item["nodes"]
                 if item["id"] != "color-contrast" or not _reasons(node) & UNDECIDABLE_CONTRAST]
        if nodes:
            review.append({**item, "nodes": nodes})
    return list(result["violations"]) + review


def _axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def check(page) -> dict:
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)


def test_every_page_of_every_role_in_both_languages_passes_axe(browser, demo_service, artifacts_dir, capsys):
    axe = _axe_script()
    started = time.monotonic()
    findings: dict[tuple[str, str], Findings] = {}
    details: dict[str, dict] = {}
    for language in LANGUAGES:
        # A visitor: the login page in this language.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True,
                                      timezone_id="Europe/Athens")
        context.add_init_script(script=axe)  # in every page before its own scripts
        page = context.new_page()
        page.goto(f"{demo_service.base_url}/language/{language}")
        found = findings[("visitor", language)] = Findings()
        result = check(page)
        found.add("/login", result)
        details[f"visitor {language} /login"] = result
        for role in ROLES:
            context.clear_cookies()
            page.goto(f"{demo_service.base_url}/login")
            page.locator("#username").fill(f"{role}-{language}")
            page.locator("#password").fill(DEMO_PASSWORD)
            page.locator("main form [type=submit]").last.click()
            page.wait_for_url(lambda url: "/login" not in url)
            found = findings[(role, language)] = Findings()
            refusal_checked = False
            for _endpoint, path in demo_service.pages:
                try:
                    response = page.goto(demo_service.base_url + path)
                except PlaywrightError as error:  # a download (CSV, XLSX) or an empty answer (204) is no page
                    assert "Download is starting" in str(error) or "net::ERR_ABORTED" in str(error), error
                    continue
                assert response is not None
                html = "text/html" in response.headers.get("content-type", "")
                if response.status == 403 and not refusal_checked:
                    refusal_checked = True
                elif response.status != 200 or not html or page.url != demo_service.base_url + path:
                    continue  # refused (its page checked once), JSON, or a redirect elsewhere
                result = check(page)
                found.add(path, result)
                if failing(result):
                    details[f"{role} {language} {path}"] = result
        context.close()
    elapsed = time.monotonic() - started

    lines = [f"axe (WCAG 2.1 AA, duplicate ids, contrast to review) in {elapsed:.0f} s:"]
    for (who, language), found in findings.items():
        lines.append(f"  {who:<20} {language}: {found.pages:3d} pages, {sum(found.nodes.values()):3d} failing nodes"
                     + "".join(f"; {rule} {count} on {len(found.where[rule])} pages"
                               for rule, count in sorted(found.nodes.items())))
    report = "\n".join(lines)
    (artifacts_dir / "axe-totals.txt").write_text(report + "\n")
    (artifacts_dir / "axe-details.json").write_text(json.dumps(
        {key: [{"id": item["id"], "help": item["help"],
                "nodes": [node["target"] for node in item["nodes"]][:5],
                "summary": [node.get("failureSummary", "") for node in item["nodes"]][:2]}
               for item in failing(result)]
         for key, result in details.items()}, ensure_ascii=False, indent=1))
    with capsys.disabled():
        print("\n" + report)
    failures = {f"{who} {language}": {rule: sorted(paths) for rule, paths in found.where.items()}
               for (who, language), found in findings.items() if found.nodes}
    assert failures == {}


BED_STATES = {"taken": ".legend .bed.taken", "free": ".legend .bed:not(.taken):not(.held):not(.out):not(.cot)",
              "held": ".legend .bed.held", "out of service": ".legend .bed.out"}
# What a bed looks like apart from its colours, and its text's contrast on its own background.
BED_LOOK = """bed => {
  const style = getComputedStyle(bed);
  const rgb = value => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255)
      .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let background = style.backgroundColor, node = bed;
  while (rgb(background).length && /rgba\\(.*, 0\\)$/.test(background) && node.parentElement) {
    node = node.parentElement; background = getComputedStyle(node).backgroundColor;
  }
  const [light, dark] = [luminance(rgb(style.color)), luminance(rgb(background))].sort((a, b) => b - a);
  return {shape: [style.textDecorationLine, style.fontWeight, style.borderStyle,
                  style.boxShadow.replace(/rgba?\\([^)]*\\)/g, "")].join(" | "),
          contrast: Math.round((light + 0.05) / (dark + 0.05) * 10) / 10};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_bed_state_shows_by_more_than_colour(browser, demo_service, artifacts_dir, scheme):
    """Taken, free, held and out of service differ in shape, not only in colour (WCAG 1.4.1), and
    each bed's number reads at 4.5:1 at least on its own background, on the day and the night board."""
    context = browser.new_context(viewport={"width": 768, "height": 1024}, color_scheme=scheme,
                                  timezone_id="Europe/Athens")
    try:
        page = context.new_page()
        page.goto(f"{demo_service.base_url}/login")
        page.locator("#username").fill("night_shift-en")
        page.locator("#password").fill(DEMO_PASSWORD)
        page.locator("main form [type=submit]").last.click()
        page.goto(f"{demo_service.base_url}/shelter/board")
        looks = {state: page.locator(selector).first.evaluate(BED_LOOK) for state, selector in BED_STATES.items()}
        out_on_board = page.locator(".rooms .bed.out").first.evaluate(BED_LOOK)
        page.screenshot(path=str(artifacts_dir / f"board-bed-states-{scheme}.png"))
    finally:
        context.close()
    shapes = {state: look["shape"] for state, look in looks.items()}
    assert len(set(shapes.values())) == 4, shapes
    low = {state: look["contrast"] for state, look in {**looks, "out of service, in a room": out_on_board}.items()
           if look["contrast"] < 4.5}
    assert low == {}


# The lists that must fit a phone and a tablet without sideways scrolling, each as a role who reads it.
LISTS = (("residents", "shelter_staff", "/shelter/residents"), ("waiting-list", "shelter_staff", "/shelter/waiting-list"),
         ("extensions", "coordinator", "/shelter/extensions"), ("caseload", "coordinator", "/reintegration/"),
         ("evacuation", "night_shift", "/shelter/evacuation"), ("users", "admin", "/admin/users"))
MENU = {"el": "Μενού", "en": "Menu"}
# The innermost elements that reach past the window's right edge, to say what made a list too wide.
WIDEST = """width => [...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > width + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + "." + [...e.classList].join("."))"""


@pytest.mark.parametrize("width", [390, 768])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_lists_fit_a_phone_and_a_tablet_and_the_top_bar_folds_on_a_phone(browser, demo_service, artifacts_dir,
                                                                             language, width):
    shots = artifacts_dir / "small-screens"
    shots.mkdir(exist_ok=True)
    too_wide, signed_in = {}, None
    context = browser.new_context(viewport={"width": width, "height": 900}, timezone_id="Europe/Athens")
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        for name, role, path in LISTS:
            if role != signed_in:
                context.clear_cookies()
                page.goto(f"{demo_service.base_url}/login")
                page.locator("#username").fill(f"{role}-{language}")
                page.locator("#password").fill(DEMO_PASSWORD)
                page.locator("main form [type=submit]").last.click()
                page.wait_for_url(lambda url: "/login" not in url)
                signed_in = role
            page.goto(demo_service.base_url + path)
            assert page.locator("table.list tbody tr").count() > 0, f"{path}: the demo data should fill the list"
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide[name] = (scroll_width, page.evaluate(WIDEST, width))
            page.screenshot(path=str(shots / f"{name}-{width}-{language}.png"), full_page=True)

        menu = page.get_by_role("navigation")
        toggle = page.get_by_role("button", name=MENU[language])
        if width == 390:  # a phone: the brand and the Menu button; the rest unfolds on demand
            expect(toggle).to_be_visible()
            expect(toggle).to_have_attribute("aria-expanded", "false")
            expect(menu).to_be_hidden()
            toggle.click()
            expect(toggle).to_have_attribute("aria-expanded", "true")
            expect(menu).to_be_visible()
            page.screenshot(path=str(shots / f"menu-open-{width}-{language}.png"))
        else:
            expect(toggle).to_be_hidden()
            expect(menu).to_be_visible()
    finally:
        context.close()
    assert too_wide == {}
