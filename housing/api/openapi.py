"""The vacancy feed's OpenAPI 3.1 document, written by hand beside the code it describes
(tests/web/test_vacancy_feed.py validates it and fuzzes the feed against it)."""
from __future__ import annotations

from typing import Any

_ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "additionalProperties": False,
    "properties": {"error": {"type": "string", "enum": ["unauthorized", "rate_limited"]},
                   "message": {"type": "string"}},
}
_COUNT = {"type": "integer", "minimum": 0}

VACANCY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["computed_at", "free_places", "free_beds", "beds_held", "largest_household", "children_age_rule",
                 "next_free_place_expected_on", "stays_extended_share_last_12_months"],
    "properties": {
        "computed_at": {"type": "string", "format": "date-time",
                        "description": "When these figures were computed (UTC)."},
        "free_places": {**_COUNT, "description": "Places a woman can take now: capacity less the women staying "
                                                 "and the places held for expected arrivals."},
        "free_beds": {**_COUNT, "description": "Beds in service not taken by anyone and not held."},
        "beds_held": {**_COUNT, "description": "Beds held for expected arrivals."},
        "largest_household": {
            "type": "object", "additionalProperties": False, "required": ["women", "children"],
            "description": "The largest household that fits in one room today: a woman with up to `children` "
                           "children (null: no woman can be admitted today).",
            "properties": {"women": {"type": "integer", "const": 1},
                           "children": {"type": ["integer", "null"], "minimum": 0}}},
        "children_age_rule": {
            "type": "object", "additionalProperties": False,
            "required": ["girls_younger_than", "boys_younger_than"],
            "description": "Children stay with their mother while younger than these ages (years).",
            "properties": {"girls_younger_than": {"type": "integer", "minimum": 0},
                           "boys_younger_than": {"type": "integer", "minimum": 0}}},
        "next_free_place_expected_on": {
            "type": ["string", "null"], "format": "date",
            "description": "Today when a place is free; else the earliest planned end among the stays "
                           "(null: none). Stays may be extended: see the share below."},
        "stays_extended_share_last_12_months": {
            "type": ["number", "null"], "minimum": 0, "maximum": 1,
            "description": "Of the stays whose original planned end fell in the last 12 months, the share "
                           "that was extended (null: fewer than three such stays)."},
    },
}


def document(server_url: str = "/") -> dict[str, Any]:
    unauthorized = {"description": "No token, a malformed, unknown or revoked token.",
                    "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Heraklion Housing — vacancy feed", "version": "1.0.0",
                 "description": "Free places at the Shelter for Women of the Municipality of Heraklion, for "
                                "referral partners. Counts only: nothing about anyone staying."},
        "servers": [{"url": server_url}],
        "paths": {
            "/api/v1/vacancy": {
                "get": {
                    "operationId": "getVacancy",
                    "summary": "Free places, free beds and what fits today",
                    "security": [{"partnerToken": []}],
                    "responses": {
                        "200": {"description": "The figures now.",
                                "headers": {"Cache-Control": {"schema": {"type": "string", "const": "no-store"}}},
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Vacancy"}}}},
                        "401": unauthorized,
                        "429": {"description": "More requests this minute than the token's limit.",
                                "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1,
                                                                       "maximum": 60}}},
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                    },
                },
            },
        },
        "components": {
            "securitySchemes": {"partnerToken": {"type": "http", "scheme": "bearer",
                                                 "description": "A token the municipality's admin created for "
                                                                "your organisation."}},
            "schemas": {"Vacancy": VACANCY, "Error": _ERROR},
        },
    }
