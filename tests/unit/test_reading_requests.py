"""Which requests only read (and on SQLite never wait for a writer): GET, HEAD and OPTIONS,
unless the view declares that it writes (an audited opening, a recorded download)."""
from __future__ import annotations

from housing.core.database import request_reads_only, writes_on_read


def plain_page():
    return "board"


@writes_on_read
def audited_page():
    return "her file"


def test_get_head_and_options_of_a_plain_page_only_read():
    assert request_reads_only("GET", plain_page) is True
    assert request_reads_only("head", plain_page) is True
    assert request_reads_only("OPTIONS", plain_page) is True
    assert request_reads_only("GET", None) is True  # a 404 reads nothing


def test_forms_and_declared_pages_write():
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert request_reads_only(method, plain_page) is False
    assert request_reads_only("GET", audited_page) is False
    assert request_reads_only("POST", audited_page) is False
