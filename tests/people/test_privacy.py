"""Personal information (PIPL): a person downloads everything held about them; HR erases a leaver after
the retention period, and their name is then gone from the profile, the account, the verification page,
the PDFs on disk and the audit trail, while the counts stay."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from evidence.models import TrainingEvent
from people import audit
from people.models import Leave, Staff
from people.privacy import staff_erase
from people.retention import erasable_from
from records.documents import transcript_specs
from records.models import VerifiedDocument
from records.services import document_render
from tests.records.conftest import add_event

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
KEYS = {
    "profile",
    "history",
    "leave",
    "training_events",
    "launch_assignments",
    "training_invitations",
    "attendance",
    "quiz_assignments",
    "quiz_attempts",
    "quiz_answers",
    "poll_votes",
    "module_assignments",
    "module_progress",
    "appraisals",
    "documents",
    "notifications",
}


@pytest.fixture(autouse=True)
def records_dir(settings, tmp_path):
    settings.RECORDS_DIR = tmp_path / "records"
    return settings.RECORDS_DIR


@pytest.fixture
def leaver(org):
    """A1 left on 2026-03-31 after a training, a leave and a rendered transcript."""
    a1 = org["staff_a1"]
    Staff.objects.filter(pk=a1.pk).update(left_on=datetime.date(2026, 3, 31), name="林晓梅")
    a1.refresh_from_db()
    add_event(a1, datetime.date(2026, 2, 3), topic="服务礼仪")
    add_event(org["staff_a2"], datetime.date(2026, 2, 3), topic="服务礼仪")
    Leave.objects.create(
        staff=a1, kind="sick", start=datetime.date(2026, 2, 10), end=datetime.date(2026, 2, 11), note="感冒"
    )
    doc = document_render(transcript_specs([a1], start=START, end=END)[0])
    return a1, doc


def download(client, user):
    client.force_login(user)
    response = client.get(reverse("people:my_data"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


@pytest.mark.django_db
def test_a_person_downloads_their_data_and_pdfs_and_the_download_is_audited(client, leaver):
    a1, doc = leaver
    archive = download(client, a1.user)
    data = json.loads(archive.read("data.json"))
    assert KEYS <= set(data)
    assert data["profile"]["staff_no"] == "A1" and data["profile"]["name"] == "林晓梅"
    assert [e["topic"] for e in data["training_events"]] == ["服务礼仪"]
    assert data["leave"][0]["note"] == "感冒"
    assert [d["code"] for d in data["documents"]] == [doc.code]
    pdf = archive.read(f"files/transcript_{doc.code}.pdf")
    assert pdf == doc.file_path.read_bytes()
    entry = ModelLogEntry.objects.get(action=audit.EXPORT)
    assert entry.user == a1.user and entry.data["what"] == "personal_data" and entry.data["people"] == [a1.pk]


@pytest.mark.django_db
def test_the_download_holds_only_ones_own_data(client, leaver, org):
    a2 = org["staff_a2"]
    other = document_render(transcript_specs([a2], start=START, end=END)[0])
    archive = download(client, org["staff_a1"].user)
    text = archive.read("data.json").decode()
    assert a2.staff_no not in json.loads(text)["profile"].values() and a2.name not in text
    assert not [n for n in archive.namelist() if other.code in n]
    assert len(json.loads(text)["training_events"]) == 1
    client.force_login(org["staff_a1"].user)
    again = client.get(reverse("people:my_data"), {"staff_no": a2.staff_no, "pk": a2.pk})
    assert json.loads(zipfile.ZipFile(io.BytesIO(again.content)).read("data.json"))["profile"]["staff_no"] == "A1"


@pytest.mark.django_db
def test_a_user_without_a_profile_has_nothing_to_download(client, org):
    client.force_login(org["hr"])
    assert client.get(reverse("people:my_data")).status_code == 404
    client.logout()
    assert client.get(reverse("people:my_data")).status_code == 302


@pytest.mark.django_db
def test_the_landing_page_offers_the_download(client, org):
    client.force_login(org["staff_a1"].user)
    assert reverse("people:my_data") in client.get(reverse("home:landing")).content.decode()


def test_retention_ends_three_years_after_the_last_working_day():
    assert erasable_from(None, years=3) is None
    assert erasable_from(datetime.date(2026, 3, 31), years=3) == datetime.date(2029, 4, 1)
    assert erasable_from(datetime.date(2028, 2, 29), years=3) == datetime.date(2031, 3, 1)


def local(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


@pytest.mark.django_db
def test_erasing_before_the_retention_period_ends_is_refused_with_the_date(leaver, org):
    a1, doc = leaver
    with time_machine.travel(local(datetime.date(2029, 3, 31)), tick=False):
        with pytest.raises(ValidationError, match="2029-04-01"):
            staff_erase(staff_id=a1.pk, actor=org["hr"])
    with pytest.raises(ValidationError, match="在职"):
        staff_erase(staff_id=org["staff_a2"].pk, actor=org["hr"])
    a1.refresh_from_db()
    assert a1.name == "林晓梅" and doc.file_path.is_file() and not ModelLogEntry.objects.filter(action=audit.ERASE)


@pytest.mark.django_db
def test_the_retention_period_follows_the_setting(leaver, org, settings, django_capture_on_commit_callbacks):
    settings.PEOPLE_ERASE_AFTER_YEARS = 1
    with time_machine.travel(local(datetime.date(2027, 4, 1)), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            staff_erase(staff_id=leaver[0].pk, actor=org["hr"])
    assert Staff.objects.get(pk=leaver[0].pk).name.startswith("已删除员工")


def hall_counts():
    return sorted(TrainingEvent.objects.values_list("staff__hall_id", "kind").order_by().distinct()) + [
        TrainingEvent.objects.filter(staff__hall__code="HA").count()
    ]


@pytest.mark.django_db
def test_after_retention_hr_erases_a_leaver_and_the_name_is_gone_everywhere(
    client, leaver, org, django_capture_on_commit_callbacks
):
    a1, doc = leaver
    user_pk = a1.user.pk
    audit.audit_export(actor=org["trainer"], people=[a1], what="transcript", data={"note": "林晓梅 的档案"})
    before = hall_counts()
    url = reverse("people_admin:staff_erase", args=[a1.pk])
    with time_machine.travel(local(datetime.date(2029, 4, 1)), tick=False):
        client.force_login(org["hr"])  # inside: a session from 2026 has expired by 2029
        confirm = client.get(url)
        assert confirm.status_code == 200 and "确认注销" in confirm.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url).status_code == 302
    a1 = Staff.objects.select_related("user").get(pk=a1.pk)
    assert a1.name == f"已删除员工 #{a1.pk}" and a1.staff_no.startswith("DEL-") and a1.user.pk == user_pk
    user = a1.user
    assert user.username == a1.staff_no and not (user.first_name or user.last_name or user.email)
    assert not user.is_active and not user.has_usable_password() and not user.groups.exists()
    assert not Leave.objects.filter(staff=a1).exclude(note="").exists()
    assert not doc.file_path.exists()
    page = client.get(reverse("records:verify", args=[doc.code])).content.decode()
    assert "已注销人员" in page and "林晓梅" not in page
    assert "林晓梅" not in VerifiedDocument.objects.get(pk=doc.pk).title
    assert hall_counts() == before and TrainingEvent.objects.filter(staff=a1).count() == 1
    erase = ModelLogEntry.objects.get(action=audit.ERASE)
    assert erase.user == org["hr"] and erase.data["people"] == [a1.pk] and erase.data["staff_nos"] == [a1.staff_no]
    export = ModelLogEntry.objects.get(action=audit.EXPORT)
    assert export.user == org["trainer"] and export.data["staff_nos"] == [a1.staff_no]
    for entry in ModelLogEntry.objects.all():
        assert "林晓梅" not in entry.label + json.dumps(entry.data, ensure_ascii=False)
        assert "A1" not in entry.data.get("staff_nos", [])


@pytest.mark.django_db
def test_erasing_twice_is_refused_and_non_hr_gets_403(client, leaver, org, django_capture_on_commit_callbacks):
    a1, _doc = leaver
    with time_machine.travel(local(datetime.date(2030, 1, 1)), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            staff_erase(staff_id=a1.pk, actor=org["hr"])
        with pytest.raises(ValidationError, match="已注销"):
            staff_erase(staff_id=a1.pk, actor=org["hr"])
        client.force_login(org["trainer"])
        assert client.post(reverse("people_admin:staff_erase", args=[a1.pk])).status_code == 403


@pytest.mark.django_db
def test_the_admin_shows_the_refusal_date_and_changes_nothing_before_retention_ends(client, leaver, org):
    a1, _doc = leaver
    with time_machine.travel(local(datetime.date(2027, 1, 1)), tick=False):
        client.force_login(org["hr"])
        response = client.post(reverse("people_admin:staff_erase", args=[a1.pk]))
    assert response.status_code == 200 and "2029-04-01" in response.content.decode()
    assert Staff.objects.get(pk=a1.pk).name == "林晓梅"


@pytest.mark.django_db
def test_deleting_a_person_in_the_admin_is_refused_and_erase_is_offered(client, org):
    a1 = org["staff_a1"]
    client.force_login(org["hr"])
    response = client.post(reverse("staff:delete", args=[a1.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("people_admin:staff_erase", args=[a1.pk])
    assert Staff.objects.filter(pk=a1.pk).exists()
    page = client.get(reverse("staff:edit", args=[a1.pk])).content.decode()
    assert reverse("people_admin:staff_erase", args=[a1.pk]) in page
    assert reverse("staff:delete", args=[a1.pk]) not in page
