"""Passwords: argon2id at the production cost, and the cheaper test parameters still verify."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import extract_parameters, profiles

from cxloop.core import security


@pytest.fixture
def production_cost() -> Iterator[None]:
    security.use_password_parameters(None)
    yield
    security.use_password_parameters(profiles.CHEAPEST)


def test_passwords_are_hashed_with_argon2id_at_the_production_cost(production_cost: None) -> None:
    digest = security.hash_password("correct horse")
    params = extract_parameters(digest)
    assert digest.startswith("$argon2id$")
    assert params.memory_cost >= 64 * 1024 and params.time_cost >= 3
    assert security.verify_password(digest, "correct horse")
    assert not security.verify_password(digest, "correct horse ")


def test_a_hash_made_with_other_parameters_still_verifies(production_cost: None) -> None:
    security.use_password_parameters(profiles.CHEAPEST)
    cheap = security.hash_password("s3cret")
    security.use_password_parameters(None)
    assert extract_parameters(cheap).memory_cost == profiles.CHEAPEST.memory_cost
    assert security.verify_password(cheap, "s3cret")


def test_a_malformed_hash_does_not_verify() -> None:
    assert not security.verify_password("not-a-hash", "x")
