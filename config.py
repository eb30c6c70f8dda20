"""Configuration classes. Pick one with HOUSING_CONFIG (development, testing, production).

Every rule threshold of ../DESIGN (capacity, stay length, child age limits) lives here,
so that a municipality can change a policy without touching code.
"""
from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_SQLITE = f"sqlite:///{BASE_DIR / 'instance' / 'housing.sqlite'}"
DEV_SECRET_KEY = "development-only-secret-key-change-me"


def _int_env(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# REINTEGRATION: the national programme "Housing and Work for the Homeless". The environment
# may change its figures (PROGRAMME_CAPACITY, RENT_SUBSIDY_MONTHS, …).
REINTEGRATION: dict = {
    "code": "reintegration",
    "name": {"en": "REINTEGRATION", "el": "ΕΠΑΝΕΝΤΑΞΗ"},
    "case_prefix": "RE",
    "capacity": _int_env("PROGRAMME_CAPACITY", 60),
    "months": _int_env("PROGRAMME_MONTHS", 24),  # planned programme end: enrolment + 24 months
    "subsidy_months": {"rent": _int_env("RENT_SUBSIDY_MONTHS", 24), "wage": _int_env("WAGE_SUBSIDY_MONTHS", 12),
                       "insurance": _int_env("INSURANCE_SUBSIDY_MONTHS", 12)},
    # Monthly rent subsidy cap by household size (persons); larger households take the largest cap.
    "rent_caps": {1: 300, 2: 400, 3: 450, 4: 500, 5: 550},
    "alert_days": _int_env("REINTEGRATION_ALERT_DAYS", 30),
    "no_session_days": _int_env("NO_SESSION_ALERT_DAYS", 30),
    "staff_role": "reintegration_staff",
    "from_shelter": True,  # a woman leaving the shelter without housing is eligible
    "work_target_percent": 20,  # share of active beneficiaries in work the national programme expects
    "follow_up_months": (6, 12),  # after an exit, with consent: housing and work retention
}

# An-Oiko (2015–19): housing, utilities, jobs and psychosocial support for 36 people. The
# development set-up and its demo data run it beside REINTEGRATION.
ANOIKO: dict = {
    "code": "anoiko",
    "name": {"en": "An-Oiko", "el": "Αν-Οίκω"},
    "case_prefix": "AO",
    "capacity": 36,
    "months": 18,
    "subsidy_months": {"rent": 18, "wage": 9, "insurance": 6},
    "rent_caps": {1: 250, 2: 350, 3: 400},
    "alert_days": 21,
    "no_session_days": 21,
    "staff_role": "anoiko_staff",
    "from_shelter": False,
}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", DEFAULT_SQLITE)
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # A write waiting this long for the lock (or any statement running this long) gives up:
    # "the service is busy, nothing was saved" (PostgreSQL lock_timeout/statement_timeout, SQLite busy_timeout).
    DB_LOCK_TIMEOUT_SECONDS = _int_env("DB_LOCK_TIMEOUT_SECONDS", 10)

    # Shelter rules (DESIGN.md, "The Shelter").
    SHELTER_CAPACITY = _int_env("SHELTER_CAPACITY", 20)
    STAY_MONTHS = _int_env("STAY_MONTHS", 3)
    # Girls may stay until 18, boys until 12 (shelter regulation).
    CHILD_AGE_LIMITS = {"F": 18, "M": 12}
    DEPARTURES_WINDOW_DAYS = 7
    # The reports' Council of Europe benchmark (one family place per 10,000 inhabitants):
    # Heraklion municipality, 2011 census.
    MUNICIPALITY_POPULATION = _int_env("MUNICIPALITY_POPULATION", 173993)

    # Programmes of REINTEGRATION's shape (DESIGN.md, "REINTEGRATION", "Programmes are
    # configuration"): each definition below gets its own pages (/<code>/…), caseload, case codes,
    # clocks, alerts and staff role at start-up; housing/programmes/programme.py checks them.
    # Periods are calendar months; money is in euros.
    PROGRAMMES: list[dict] = [REINTEGRATION]

    # Alerts (DESIGN.md, "Alerts").
    ALERT_STAY_ENDING_DAYS = 14
    ALERT_EXTENSION_PENDING_HOURS = 48
    ALERT_CHILD_LIMIT_DAYS = 60
    ALERT_NEARLY_FULL_PERCENT = 90
    # The safety plan: days from a risk assessment to its review, by level; days before a
    # protective order's last day from which it is shown as expiring.
    RISK_REVIEW_DAYS = {"high": 7, "medium": 30, "low": 90}
    PROTECTIVE_ORDER_WARNING_DAYS = 14
    # Her deadlines: days before the date from which the reminder shows, by kind.
    DEADLINE_REMINDER_DAYS = {"court_hearing": 14, "residence_permit": 60, "benefit_renewal": 30,
                              "school_enrolment": 30, "medical_appointment": 2}
    # Follow-up after she leaves (with her consent at discharge): months after the discharge.
    FOLLOW_UP_MONTHS = (3, 6, 12)

    # The daily digest (flask --app wsgi alerts digest).
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = _int_env("MAIL_PORT", 25)
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "true"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "alerts@heraklion-housing.invalid")
    MAIL_CA_FILE = os.environ.get("MAIL_CA_FILE", "")  # a private CA for the SMTP server's certificate
    SERVICE_URL = os.environ.get("SERVICE_URL", "http://127.0.0.1:5000")

    TIMEZONE = "Europe/Athens"
    LANGUAGES = {"el": "Ελληνικά", "en": "English"}
    BABEL_DEFAULT_LOCALE = "el"
    BABEL_DEFAULT_TIMEZONE = "Europe/Athens"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "housing" / "translations")

    SESSION_COOKIE_HTTPONLY = True
    # Strict: a page of another site cannot make her browser open a file or an export in
    # her name (file openings are GET links, audited); see SECURITY.md for the cost.
    SESSION_COOKIE_SAMESITE = "Strict"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # a form left open through a night shift still submits

    DEMO_DATA_ALLOWED = True
    # PBKDF2-SHA256 at 600,000 iterations (OWASP's figure): CPU, not memory. scrypt's check took
    # 32 MiB per login (a third of a worker's peak, times the threads logging in at once); a
    # password kept as scrypt is hashed again this way at its next successful login.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:600000"
    IDLE_TIMEOUT_MINUTES = _int_env("IDLE_TIMEOUT_MINUTES", 20)
    SESSION_LIFETIME_HOURS = _int_env("SESSION_LIFETIME_HOURS", 12)  # from login, whatever the activity
    # Reverse proxies in front of the service that set X-Forwarded-For/-Proto (werkzeug's
    # ProxyFix); 0 = none, the connecting address is the client's.
    TRUSTED_PROXIES = _int_env("TRUSTED_PROXIES", 0)
    STRICT_TRANSPORT_SECURITY = ""  # the HSTS header, production only
    LOGIN_ATTEMPTS_PER_ADDRESS = 30  # failed logins from one address per 15 minutes
    MAX_CONTENT_LENGTH = 1024 * 1024
    # The benchmark's floor page (/benchmark/floor, benchmarks/run.py); refused in production.
    BENCHMARK_FLOOR = os.environ.get("BENCHMARK_FLOOR", "") == "1"


class DevelopmentConfig(Config):
    PROGRAMMES = [REINTEGRATION, ANOIKO]


class TestingConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # Tests create hundreds of accounts; a cheap hash keeps them fast. Never in production.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    BENCHMARK_FLOOR = True  # its route is in the access table like every other


class ProductionConfig(Config):
    DEMO_DATA_ALLOWED = False
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
