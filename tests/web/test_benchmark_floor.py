"""The benchmark's floor page exists only when BENCHMARK_FLOOR is on, and production refuses it."""
from __future__ import annotations

import pytest

from housing import create_app
from housing.core.security import UnsafeConfiguration

SECRET = "a-production-secret-key-of-more-than-32-characters"


def test_the_floor_answers_a_logged_in_user_with_select_one(client_as):
    response = client_as("night_shift").get("/benchmark/floor")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "<!doctype html><title>floor</title><p>1</p>"


def test_without_the_setting_there_is_no_floor_page(database_url):
    app = create_app("development", SQLALCHEMY_DATABASE_URI=database_url, BENCHMARK_FLOOR=False)
    assert "benchmark.floor" not in app.view_functions


def test_production_refuses_to_start_with_the_floor_page(tmp_path):
    with pytest.raises(UnsafeConfiguration, match="BENCHMARK_FLOOR must be off in production"):
        create_app("production", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.sqlite'}",
                   SECRET_KEY=SECRET, BENCHMARK_FLOOR=True)
