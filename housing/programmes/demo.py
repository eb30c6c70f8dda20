"""REINTEGRATION demo data: about 40 beneficiaries over four caseworkers, with homes, jobs,
sessions and referrals, such that every kind of REINTEGRATION alert shows on the day the demo
is loaded. Built through the services, so every rule holds. Called by housing.demo.load_demo."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app

from housing.core.calendar import add_months
from housing.auth.models import User
from housing.extensions import db
from housing.programmes import rules, services
from housing.programmes.programme import Programme, programmes

# (first name, last name, sex, age, household size, ETHOS at entry)
PEOPLE = (
    ("Μανώλης", "Καλογεράκης", "M", 58, 1, "roofless.public_space"),
    ("Στέλιος", "Χατζάκης", "M", 47, 1, "roofless.emergency_accommodation"),
    ("Ειρήνη", "Μαυράκη", "F", 39, 3, "insecure.eviction"),
    ("Γιώργος", "Φραγκιαδάκης", "M", 52, 1, "houseless.leaving_institution"),
    ("Δέσποινα", "Τσαγκαράκη", "F", 44, 2, "insecure.no_tenancy"),
    ("Ahmed", "Karimi", "M", 34, 1, "houseless.migrant_accommodation"),
    ("Νίκος", "Σπανουδάκης", "M", 61, 1, "roofless.public_space"),
    ("Βασιλική", "Λαμπράκη", "F", 36, 4, "inadequate.overcrowding"),
    ("Παύλος", "Ζαχαριουδάκης", "M", 49, 1, "houseless.homeless_hostel"),
    ("Olga", "Petrenko", "F", 42, 2, "insecure.violence"),
    ("Κώστας", "Μπαντουβάς", "M", 55, 1, "roofless.emergency_accommodation"),
    ("Αικατερίνη", "Πατεράκη", "F", 33, 2, "houseless.womens_shelter"),
    ("Mihai", "Ionescu", "M", 45, 1, "inadequate.temporary_structure"),
    ("Σταυρούλα", "Κοκκινάκη", "F", 50, 1, "insecure.eviction"),
    ("Αντώνης", "Βιδάκης", "M", 40, 3, "inadequate.unfit_housing"),
    ("Yusuf", "Demir", "M", 29, 1, "houseless.migrant_accommodation"),
    ("Φωτεινή", "Αρχοντάκη", "F", 57, 1, "roofless.public_space"),
    ("Χαράλαμπος", "Ψαρουδάκης", "M", 63, 1, "houseless.long_term_support"),
    ("Μαρία", "Κατσαράκη", "F", 31, 3, "insecure.no_tenancy"),
    ("Bilal", "Hussain", "M", 38, 1, "roofless.emergency_accommodation"),
    ("Ευτυχία", "Μαρκογιαννάκη", "F", 46, 2, "inadequate.overcrowding"),
    ("Μιχάλης", "Τζαγκαράκης", "M", 53, 1, "houseless.leaving_institution"),
    ("Αναστασία", "Γιαννακάκη", "F", 28, 2, "houseless.womens_shelter"),
    ("Ilir", "Berisha", "M", 41, 4, "inadequate.unfit_housing"),
    ("Ζαχαρίας", "Παπαδογιαννάκης", "M", 59, 1, "roofless.public_space"),
    ("Ελπίδα", "Σαριδάκη", "F", 35, 2, "insecure.violence"),
    ("Θεόδωρος", "Κουκουράκης", "M", 44, 1, "houseless.homeless_hostel"),
    ("Svetlana", "Ivanova", "F", 51, 1, "insecure.eviction"),
    ("Ιωάννης", "Μαθιουδάκης", "M", 37, 2, "insecure.no_tenancy"),
    ("Κυριακή", "Ντουντουλάκη", "F", 48, 5, "inadequate.overcrowding"),
    ("Omar", "Haidari", "M", 26, 1, "houseless.migrant_accommodation"),
    ("Λευτέρης", "Πετρουλάκης", "M", 56, 1, "roofless.emergency_accommodation"),
    ("Χρυσάνθη", "Βαρδάκη", "F", 43, 2, "insecure.eviction"),
    ("Andrei", "Popa", "M", 39, 1, "inadequate.temporary_structure"),
    ("Σοφία", "Καραβιτάκη", "F", 32, 3, "houseless.womens_shelter"),
    ("Δημήτρης", "Αλεφαντινός", "M", 60, 1, "roofless.public_space"),
    ("Ραλλού", "Τσικνάκη", "F", 54, 1, "insecure.no_tenancy"),
    ("Hamid", "Rostami", "M", 33, 2, "houseless.migrant_accommodation"),
    ("Ευάγγελος", "Μουντάκης", "M", 50, 1, "houseless.leaving_institution"),
    ("Πηνελόπη", "Στρατάκη", "F", 41, 2, "insecure.violence"),
)
EXITED = {36: ("completed", "housed", True, True), 37: ("withdrawn", "insecure.no_tenancy", False, False),
          38: ("completed", "housed", True, False), 39: ("other", "houseless.homeless_hostel", False, False)}
STREETS = ("Οδός Καλοκαιρινού", "Λεωφόρος Κνωσού", "Οδός Έβανς", "Οδός 1821", "Οδός Μιχαήλ Αρχαγγέλου",
           "Οδός Ιδομενέως", "Λεωφόρος Ικάρου", "Οδός Χάνδακος")
EMPLOYERS = (("Ξενοδοχείο Αστέρια", "Βοηθός κουζίνας"), ("Σούπερ μάρκετ Χανιώτης", "Υπάλληλος αποθήκης"),
             ("Δήμος Ηρακλείου — Καθαριότητα", "Εργάτης καθαριότητας"), ("Φούρνος Μαρκάκη", "Αρτοποιός"),
             ("Κέντρο Αποκατάστασης", "Βοηθός φροντιστή"), ("Συνεργείο Λαμπράκη", "Βοηθός μηχανικού"))
SERVICES = ("ΔΥΠΑ Ηρακλείου", "Κέντρο Ψυχικής Υγείας Ηρακλείου", "Κέντρο Κοινότητας Δήμου Ηρακλείου",
            "ΚΕΠ — έκδοση ΑΜΚΑ", "Δικηγορικός Σύλλογος — νομική συνδρομή")
SESSION_NOTES = ("Συζήτηση για την προσαρμογή στο νέο σπίτι.", "Προετοιμασία για συνέντευξη εργασίας.",
                 "Έλεγχος λογαριασμών και προϋπολογισμού του μήνα.", "Ενημέρωση για δικαιώματα και επιδόματα.",
                 "Συνάντηση με τον εργοδότη για την πρόοδο.")


def _days(n: int) -> timedelta:
    return timedelta(days=n)


def load_reintegration_demo(users: dict[str, User], today: date) -> dict[str, int]:
    """Enrol, house, employ and support the demo beneficiaries; the special cases (indices 0–9)
    are each the reason one kind of alert shows today."""
    settings = programmes(current_app)["reintegration"]
    workers = [user for name, user in sorted(users.items()) if settings.staff_role in user.roles]
    people = []
    for index, person in enumerate(PEOPLE):
        worker = workers[index % len(workers)]
        people.append(_beneficiary(index, person, worker, today, settings))
    db.session.flush()
    return {"beneficiaries": len(people), "active_beneficiaries": sum(p.is_active for p in people)}


SPECIAL_ENROLMENT_DAYS_AGO = {1: 250, 2: 400, 3: 600}


def _enrolled_on(index: int, today: date) -> date:
    if index == 0:  # the programme ends in 14 days
        return add_months(today + _days(14), -24)
    if index in EXITED:
        return today - _days(420 + 40 * (index - 36))
    return today - _days(SPECIAL_ENROLMENT_DAYS_AGO.get(index, 60 + (index * 23) % 520))


def _exit_day(index: int, today: date) -> date:
    return today - _days(10 + 20 * (index - 36))


def _beneficiary(index: int, person, worker: User, today: date, settings: services.ProgrammeSettings):
    first, last, sex, age, household, ethos = person
    enrolled = _enrolled_on(index, today)
    beneficiary = services.enrol(services.EnrolmentInput(
        first_name=first, last_name=last, birth_date=date(enrolled.year - age, 1 + index % 12, 1 + index % 28),
        sex=sex, household_size=household, caseworker_id=worker.id, enrolled_on=enrolled, ethos_at_entry=ethos,
        phone=f"69{index:02d}{(index * 7919) % 1000000:06d}",
        household_members="" if household == 1 else "Σύζυγος/σύντροφος και παιδιά"), worker, today, settings)
    if index % 4 != 3 or index in (1, 4, 8):
        _home(index, beneficiary, worker, enrolled, today, settings)
    if index % 3 == 0 or index in (2, 3, 9):
        _work(index, beneficiary, worker, enrolled, today, settings)
    _sessions(index, beneficiary, worker, enrolled, today)
    if index % 3 == 1:
        referral = services.refer(beneficiary, SERVICES[index % len(SERVICES)], enrolled + _days(20),
                                  "Διευκόλυνση πρόσβασης στην υπηρεσία.", worker, today)
        if index % 2 == 0:
            services.close_referral(referral, "Ολοκληρώθηκε· η υπηρεσία ανέλαβε.", enrolled + _days(45), worker, today)
    if index in EXITED:
        reason, situation, housed, employed = EXITED[index]
        services.exit_programme(beneficiary, services.ExitInput(reason, _exit_day(index, today), situation, housed,
                                                                employed), worker, today)
    return beneficiary


def _home(index, beneficiary, worker, enrolled, today, settings) -> None:
    start = enrolled + _days(20 + (index % 5) * 7)
    rent = (300 + (index * 37) % 250) * 100
    cap = rules.rent_cap_cents(beneficiary.household_size, settings.rent_caps)
    subsidy = min(cap, rent * 8 // 10 // 100 * 100)
    subsidy_end = add_months(start, settings.rent_months)
    lease_end = add_months(start, 36)
    if index == 1:  # the rent subsidy ends in 20 days
        start, subsidy_end = today - _days(200), today + _days(20)
    if index == 4:  # the lease ends in 12 days
        lease_end = start + _days((today - start).days + 12)
    if index == 8:  # moved home once: the first tenancy stays in the history
        first = services.TenancyInput(f"{STREETS[(index + 3) % len(STREETS)]} 4, Ηράκλειο", start, rent - 5000,
                                      "Ε. Δασκαλάκη", add_months(start, 36), subsidy - 5000, start,
                                      subsidy_end)
        services.start_tenancy(beneficiary, first, worker, today, settings)
        start = today - _days(30)  # the rent clock keeps running from the first subsidy: same end
        lease_end = add_months(start, 36)
    tenancy = services.TenancyInput(
        address=f"{STREETS[index % len(STREETS)]} {10 + index}, Ηράκλειο", landlord=f"Ιδιοκτήτης {index + 1}",
        lease_start=start, monthly_rent_cents=rent, lease_end=lease_end, subsidy_cents=subsidy,
        subsidy_start=start, subsidy_end=subsidy_end)
    services.start_tenancy(beneficiary, tenancy, worker, today, settings)
    for month in range(1 + index % 3):
        paid = start + _days(10 + 30 * month)
        if paid <= today:
            kind = ("electricity", "water", "household_items")[month]
            amount = (40 + (13 * index) % 120) * 100 + 50
            services.record_payment(beneficiary, services.PaymentInput(paid, kind, amount), worker, today)


def _work(index, beneficiary, worker, enrolled, today, settings) -> None:
    employer, position = EMPLOYERS[index % len(EMPLOYERS)]
    start = enrolled + _days(90)
    wage_months = settings.wage_months
    if index == 2:  # the salary subsidy ends in 10 days
        start = add_months(today + _days(10), -wage_months)
    if index == 3:  # a six-month salary subsidy; the insurance subsidy after it ends in 25 days
        wage_months = 6
        start = add_months(today + _days(25), -(wage_months + settings.insurance_months))
    if start > today - _days(5):
        return
    wage_end = add_months(start, wage_months)
    if index not in (2, 3) and -5 <= (wage_end - today).days <= 40:
        start, wage_end = start - _days(60), wage_end - _days(60)  # keep the demo's alerts to the chosen cases
    insurance_end = add_months(wage_end, settings.insurance_months)
    if index == 3:
        insurance_end = min(today + _days(25), insurance_end)
    if index == 9:  # changed jobs once: the first job stays in the history
        first_employer, first_position = EMPLOYERS[(index + 1) % len(EMPLOYERS)]
        services.start_job(beneficiary, services.JobInput(first_employer, first_position, start - _days(40)),
                           worker, today, settings)
    services.start_job(beneficiary, services.JobInput(employer, position, start, start, wage_end, wage_end,
                                                      insurance_end), worker, today, settings)


def _sessions(index, beneficiary, worker, enrolled, today) -> None:
    last = {5: 35, 6: 48, 7: 70}.get(index, 1 + (index * 7) % 24)  # 5–7: no session for a while
    if index in EXITED:
        last = (today - _exit_day(index, today)).days + 3
    kinds = ("psychosocial", "counselling", "information", "referral")
    for number in range(2 + index % 4):
        held = today - _days(last + 14 * number)
        if held < enrolled:
            break
        session = services.SessionInput(held, kinds[(index + number) % 4], 30 + 15 * (number % 3), worker.id,
                                        SESSION_NOTES[(index + number) % 5])
        services.record_session(beneficiary, session, worker, today)


# A small second programme beside REINTEGRATION (An-Oiko in the development set-up): a few
# people, one housed and one at work, so its caseload, codes and alerts can be seen.
SMALL_PROGRAMME_PEOPLE = (
    ("Αριστείδης", "Κουτσουράκης", "M", 48, 1, "roofless.public_space"),
    ("Ευαγγελία", "Ξυλούρη", "F", 37, 2, "insecure.eviction"),
    ("Tariq", "Nazari", "M", 31, 1, "houseless.migrant_accommodation"),
    ("Γαρυφαλλιά", "Σηφάκη", "F", 55, 1, "inadequate.unfit_housing"),
)


def load_small_programme_demo(programme: Programme, users: dict[str, User], today: date) -> dict[str, int]:
    """Enrol a few people in a second programme, through the same services as REINTEGRATION."""
    workers = [user for name, user in sorted(users.items()) if programme.staff_role in user.roles]
    people = []
    for index, (first, last, sex, age, household, ethos) in enumerate(SMALL_PROGRAMME_PEOPLE):
        worker = workers[index % len(workers)]
        enrolled = today - _days(30 + 45 * index)
        person = services.enrol(services.EnrolmentInput(
            first_name=first, last_name=last, birth_date=date(enrolled.year - age, 1 + index, 3 + index), sex=sex,
            household_size=household, caseworker_id=worker.id, enrolled_on=enrolled, ethos_at_entry=ethos),
            worker, today, programme)
        if index in (0, 1):
            start = enrolled + _days(7)
            cap = rules.rent_cap_cents(household, programme.rent_caps)
            services.start_tenancy(person, services.TenancyInput(
                address=f"{STREETS[index]} {12 + index}, Ηράκλειο", landlord="", lease_start=start,
                monthly_rent_cents=cap + 100_00, subsidy_cents=cap, subsidy_start=start,
                subsidy_end=add_months(start, programme.rent_months)), worker, today, programme)
        if index == 1:
            started = enrolled + _days(20)
            services.start_job(person, services.JobInput(
                employer=EMPLOYERS[index][0], position=EMPLOYERS[index][1], started_on=started,
                wage_subsidy_start=started, wage_subsidy_end=add_months(started, programme.wage_months)),
                worker, today, programme)
        services.record_session(person, services.SessionInput(enrolled + _days(2), "psychosocial", 45, worker.id,
                                                              SESSION_NOTES[index]), worker, today)
        people.append(person)
    db.session.flush()
    return {f"{programme.code}_beneficiaries": len(people)}
