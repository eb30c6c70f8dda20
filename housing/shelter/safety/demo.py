"""Demo safety plans: every safety alert shows on the day the demo is loaded, and the door list
names two persons."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app

from housing.core.clock import now_utc
from housing.shelter.models import Stay
from housing.shelter.safety import services


def load_safety_demo(stays: list[Stay], users: dict, today: date) -> dict[str, int]:
    """Olena: high risk assessed two days ago (the coordinator is told to consider the restriction),
    an emergency barring order running out in 10 days, her former husband on the door list.
    Amira: medium risk, review in two days. Κατερίνα: the review is three days late, a restraining
    order ran out two days ago, her brother-in-law on the door list."""
    now = now_utc()
    staff, coordinator = users["staff"], users["coordinator"]
    review_days = current_app.config["RISK_REVIEW_DAYS"]
    by_name = {stay.resident.first_name: stay for stay in stays}
    olena, amira, katerina = by_name["Olena"], by_name["Amira"], by_name["Κατερίνα"]

    services.assess_risk(olena, "medium", today - timedelta(days=35), None, "Απειλές μέσω τηλεφώνου πριν την εισαγωγή.",
                         staff, today, now, review_days)
    services.assess_risk(olena, "high", today - timedelta(days=2), None,
                         "Ο πρώην σύζυγος εντόπισε το σχολείο του Dmytro και ρώτησε για τη διεύθυνσή της.", staff,
                         today, now, review_days)
    services.assess_risk(amira, "medium", today - timedelta(days=28), None, "", staff, today, now, review_days)
    services.assess_risk(katerina, "medium", today - timedelta(days=33), None, "", coordinator, today, now,
                         review_days)
    dmytro = next(link.id for link in olena.children if link.child.first_name == "Dmytro")
    services.record_protective_order(olena, services.OrderInput(
        "police", "emergency_barring", "ΑΤ Ηρακλείου 4512/2026", today - timedelta(days=4), today + timedelta(days=10),
        "Απαγορεύεται η προσέγγιση σε απόσταση μικρότερη των 200 μέτρων από την ίδια και το σχολείο του γιου της.",
        True, [dmytro]), staff, today, now)
    services.record_protective_order(katerina, services.OrderInput(
        "court", "restraining", "Μον. Πρωτ. Ηρακλείου 118/2026", today - timedelta(days=92), today - timedelta(days=2),
        "Καμία επικοινωνία, ούτε μέσω τρίτων.", True, []), staff, today, now)
    services.bar_person(olena, "Viktor Kovalenko", "πρώην σύζυγος",
                        "Περίπου 1,90 μ., γεροδεμένος, ξυρισμένο κεφάλι, ουλή στο αριστερό φρύδι. Οδηγεί σκούρο "
                        "μπλε φορτηγάκι. Μιλά ρωσικά και λίγα ελληνικά.",
                        "Μην ανοίξετε και μην πείτε αν φιλοξενείται εδώ. Καλέστε αμέσως την αστυνομία: 100.", staff,
                        now)
    services.bar_person(katerina, "Μανώλης Φραγκιαδάκης", "κουνιάδος",
                        "Περίπου 50 ετών, μέτριο ύψος, γκρίζο μουστάκι, φοράει συχνά κυνηγετικό μπουφάν. Έρχεται "
                        "συνήθως με ασημί αγροτικό.",
                        "Μην ανοίξετε. Αν επιμένει, καλέστε το 100 και ενημερώστε τη συντονίστρια.", staff, now)
    return {"risk_assessments": 4, "protective_orders": 2, "barred_persons": 2}
