"""The documents render from the demo data, and the landing page links to them."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from records.models import Appraisal

from .helpers import needs_poppler, pdf_text


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    return get_user_model().objects


@needs_poppler
def test_demo_staff_downloads_transcript_and_manager_the_draft_appraisal(client, demo):
    user = demo.get(username="demo_staff")
    client.force_login(user)
    landing = client.get(reverse("home:landing")).content.decode()
    assert "培训档案" in landing
    transcript = b"".join(client.get(reverse("records:transcript", args=[user.staff.staff_no])).streaming_content)
    assert user.staff.name in pdf_text(transcript)
    appraisal = Appraisal.objects.get(staff=user.staff)
    assert client.get(reverse("records:appraisal", args=[appraisal.pk])).status_code == 404  # still a draft
    client.force_login(demo.get(username="demo_manager"))
    pdf = b"".join(client.get(reverse("records:appraisal", args=[appraisal.pk])).streaming_content)
    text = pdf_text(pdf)
    assert user.staff.name in text and "90" in text and "投诉接待" in text


def test_seed_demo_twice_keeps_one_appraisal(demo):
    call_command("seed_demo", stdout=StringIO())
    assert Appraisal.objects.count() == 1


def test_hr_landing_links_to_bulk_export(client, demo):
    client.force_login(demo.get(username="demo_hr"))
    assert reverse("records:exports") in client.get(reverse("home:landing")).content.decode()
