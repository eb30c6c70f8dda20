"""Names found as people type them: the search key (ELOT 743) and the same-person rule."""
from __future__ import annotations

from datetime import date

import pytest

from housing.core.names import full_name_key, same_person, search_key, search_words, transliterate


@pytest.mark.parametrize("typed, key", [
    ("Ελένη", "eleni"), ("ΕΛΕΝΗ", "eleni"), ("ελενη", "eleni"), ("Eleni", "eleni"), ("ELENI", "eleni"),
    ("Παπαδάκη", "papadaki"), ("papadaki", "papadaki"),
    ("Γιώργος", "giorgos"), ("Giorgos", "giorgos"),
    ("Ευαγγελία", "evangelia"), ("Evangelia", "evangelia"),
    ("Μπακογιάννη", "bakogianni"), ("Bakogianni", "bakogianni"),
    ("Ντίνα", "ntina"), ("Ntina", "ntina"),
    ("Νικολάου", "nikolaou"), ("ΝΙΚΟΛΑΟΥ", "nikolaou"),
    ("Γιάννης", "giannis"), ("γιαννησ", "giannis"), ("ΓΙΑΝΝΗΣ", "giannis"),
    ("Maria Παπαδάκη", "maria papadaki"),  # Latin letters in a Greek name are kept
    ("Άννα-Μαρία 2", "anna-maria 2"),  # digits and hyphens kept
    ("  Μαρία   Ιωσήφ ", "maria iosif"),  # extra spaces
    ("", ""), ("   ", ""), ("—", ""), ("— —", ""),  # an empty query; an anonymised name
    ("<script>alert(1)</script>", "script alert 1 script"),
    ("50%_x", "50 x"),
    ("José", "jose"),
])
def test_a_search_key_folds_case_accents_sigma_and_the_alphabet(typed, key):
    assert search_key(typed) == key


@pytest.mark.parametrize("greek, latin", [
    # ELOT 743's table, letter by letter
    ("Θεοδώρα", "theodora"), ("Χαρά", "chara"), ("Ψυχάρη", "psychari"), ("Ξανθή", "xanthi"),
    ("Βασιλική", "vasiliki"), ("Ζωή", "zoi"), ("Ωραία", "oraia"), ("Υπατία", "ypatia"), ("Φωτεινή", "foteini"),
    # αυ / ευ: v before a vowel or a voiced consonant, f before a voiceless one or at the end
    ("Αύγουστος", "avgoustos"), ("Εύα", "eva"), ("Ευρυδίκη", "evrydiki"), ("Ευτυχία", "eftychia"),
    ("Ευθυμία", "efthymia"), ("Ευ", "ef"),
    # ου, μπ at the start and inside, ντ, γγ, γκ, γξ, γχ
    ("Ουρανία", "ourania"), ("Μπέτυ", "bety"), ("Καμπάκη", "kampaki"), ("Αντωνία", "antonia"),
    ("Άγγελος", "angelos"), ("Αγκίστρι", "agkistri"), ("Σφίγξ", "sfinx"), ("Μελαγχολία", "melancholia"),
    # a diaeresis breaks the pair
    ("Ταΰγετος", "taygetos"), ("Προϋπόθεση", "proypothesi"), ("Προϊόν", "proion"), ("Φαΐζα", "faiza"),
])
def test_greek_is_read_in_latin_letters_by_elot_743(greek, latin):
    assert transliterate(greek) == latin


@pytest.mark.parametrize("query, name, found", [
    ("papadaki", "Ελένη Παπαδάκη", True),
    ("ελενη", "Ελένη Παπαδάκη", True),
    ("ΕΛΕΝΗ", "Ελένη Παπαδάκη", True),
    ("Eleni", "Ελένη Παπαδάκη", True),
    ("παπαδ", "Ελένη Παπαδάκη", True),  # the start of a name, as typed so far
    ("Ελένα", "Ελένη Παπαδάκη", False),
    ("Yannis", "Γιάννης Μαρκάκης", False),  # not ELOT 743: not matched
    ("Evaggelia", "Ευαγγελία Ιωάννου", False),
])
def test_a_typed_name_is_found_inside_the_stored_key(query, name, found):
    key = search_key(name)
    assert all(word in key for word in search_words(query)) is found


def test_the_words_of_a_query_may_come_in_any_order():
    assert search_words(" Παπαδάκη   ελενη ") == ["papadaki", "eleni"]
    assert search_words("") == []


def test_the_stored_key_is_the_first_then_the_last_name():
    assert full_name_key("Ελένη", "Παπαδάκη") == "eleni papadaki"
    assert full_name_key("—", "—") == ""


@pytest.mark.parametrize("first, last, born, same", [
    ("Eleni", "Papadaki", date(1980, 5, 1), True),  # typed in Latin letters
    ("ΕΛΕΝΗ", "ΠΑΠΑΔΑΚΗ", date(1980, 5, 1), True),
    ("ελενη", " παπαδακη ", date(1980, 5, 1), True),
    ("Eleni", "Papadaki", date(1980, 5, 2), False),  # born another day
    ("Eleni", "Papadakis", date(1980, 5, 1), False),
    ("Eleni", "Papadaki", None, False),
])
def test_same_person_across_alphabets(first, last, born, same):
    assert same_person(first, last, born, "Ελένη", "Παπαδάκη", date(1980, 5, 1)) is same


def test_two_anonymised_records_are_not_the_same_person():
    assert same_person("—", "—", date(1980, 5, 1), "—", "—", date(1980, 5, 1)) is False
