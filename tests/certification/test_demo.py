"""The demo seed shows every certification status and is idempotent."""

import io

import pytest
from django.core.management import call_command

from certification.models import Certificate


@pytest.mark.django_db
def test_seed_demo_gives_the_demo_halls_certificates_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    first = Certificate.objects.count()
    assert first > 50
    assert not Certificate.objects.filter(staff__staff_no="QC01004", program__code="SEC").exists()
    assert Certificate.objects.filter(staff__staff_no="QC01004", program__code="CTR").exists()
    call_command("seed_demo", stdout=io.StringIO())
    assert Certificate.objects.count() == first
