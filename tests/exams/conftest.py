"""Fixtures the exams tests share: the fixture question bank and a signed-in staff member's client."""

import pytest

from tests.conftest import make_staff

from .utils import load_fixture_bank


@pytest.fixture
def bank(db):
    return load_fixture_bank()


@pytest.fixture
def staff_client(client, db):
    staff = make_staff()
    client.force_login(staff.user)
    client.staff = staff
    return client
