"""The audit trail: each audited action writes one Wagtail log entry with its actor, people and old → new
values; HR reads them in the 审计日志 report (filters, export); nobody else reads them and nobody edits them."""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from django.utils import timezone
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.log_actions import LogContext
from wagtail.models import ModelLogEntry

from people import audit, roles
from people.models import Staff
from records.models import Appraisal, Rating
from records.services import appraisal_revise, appraisal_sign
from tests.conftest import make_staff, make_user

NOW = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action).order_by("pk"))


def only(action):
    found = entries(action)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.django_db
def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.audit_record(action="peixun.nope", actor=None, target=Staff)


@pytest.mark.django_db
def test_grade_then_regrade_each_record_one_entry_with_old_and_new_scores(org):
    from exams.attempts import attempt_save_answer, attempt_start, attempt_submit, essay_grade
    from exams.models import Answer
    from tests.exams.utils import load_fixture_bank, make_assignment, make_quiz

    bank = load_fixture_bank()
    staff = org["staff_a1"]
    quiz = make_quiz([bank["t-003"], bank["t-007"]], pass_mark=60)
    attempt = attempt_start(staff=staff, quiz=quiz, assignment=make_assignment(staff, quiz), now=NOW)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=True, now=NOW)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-007"].pk, raw="首问负责", now=NOW)
    attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW)
    grade = only(audit.GRADE)
    assert grade.user_id is None and grade.object_id == str(attempt.pk)
    assert grade.data["people"] == [staff.pk] and grade.data["staff_nos"] == ["A1"]
    assert grade.data["old"] is None and float(grade.data["new"]) == 50.0
    essay = Answer.objects.get(attempt=attempt, question=bank["t-007"])
    essay_grade(answer_id=essay.pk, grader=org["trainer"], fraction=0.8)
    regrade = only(audit.REGRADE)
    assert regrade.user == org["trainer"] and regrade.data["people"] == [staff.pk]
    assert (float(regrade.data["old"]), float(regrade.data["new"])) == (50.0, 90.0)
    assert regrade.data["answer"] == {"id": essay.pk, "old": None, "new": 0.8}


@pytest.mark.django_db
def test_the_sign_in_sheet_records_who_ticked_unticked_and_scored_whom(client, running, org):
    a1 = org["staff_a1"]
    sheet = reverse("trainings:session_sheet", args=[running.pk])
    client.force_login(org["trainer"])
    client.post(sheet, {"present": [a1.pk], f"score-{a1.pk}": "80"})
    ticked = only(audit.ATTENDANCE)
    assert ticked.user == org["trainer"] and ticked.object_id == str(running.pk)
    assert ticked.data["people"] == [a1.pk] and (ticked.data["old"], ticked.data["new"]) == (False, True)
    client.post(sheet, {"present": [a1.pk], f"score-{a1.pk}": "95"})
    score = only(audit.SCORE)
    assert score.user == org["trainer"] and (float(score.data["old"]), float(score.data["new"])) == (80, 95)
    client.post(sheet, {})
    removed = entries(audit.ATTENDANCE)[-1]
    assert (removed.data["old"], removed.data["new"]) == (True, False) and removed.data["people"] == [a1.pk]
    assert len(entries(audit.ATTENDANCE)) == 2 and len(entries(audit.SCORE)) == 1


@pytest.mark.django_db
def test_appraisal_signing_and_revision_are_recorded(org):
    manager = org["manager_a"].user
    appraisal = Appraisal.objects.create(
        staff=org["staff_a1"],
        trainer=org["trainer"],
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 2, 28),
        text="表现良好",
        rating=Rating.GOOD,
    )
    appraisal_sign(appraisal_id=appraisal.pk, user=manager)
    signed = only(audit.APPRAISAL_SIGN)
    assert signed.user == manager and signed.data["people"] == [org["staff_a1"].pk]
    assert (signed.data["old"], signed.data["new"]) == ("draft", "signed")
    new = appraisal_revise(appraisal_id=appraisal.pk, actor=org["trainer"])
    revised = only(audit.APPRAISAL_REVISE)
    assert revised.user == org["trainer"] and revised.object_id == str(new.pk)
    assert revised.data["old"]["version"] == 1 and revised.data["new"]["version"] == 2


CSV = (
    "staff_no,name,branch,hall_code,hall_name,post,is_backbone,hired_on,left_on\n"
    "7001,周洁,QC,QC01,中山路营业厅,综合受理,1,2021-03-01,\n"
).encode()


@pytest.mark.django_db
def test_an_admin_import_records_its_counts_and_the_files_sha256(client, org):
    client.force_login(org["hr"])
    preview = client.post(reverse("people_admin:import"), {"file": SimpleUploadedFile("staff.csv", CSV)})
    assert not entries(audit.IMPORT)
    client.post(reverse("people_admin:import"), {"confirm": "1", "token": preview.context["token"]})
    entry = only(audit.IMPORT)
    assert entry.user == org["hr"] and entry.data["kind"] == "staff"
    assert entry.data["sha256"] == hashlib.sha256(CSV).hexdigest()
    assert entry.data["counts"] == {"created": 1, "updated": 0}


@pytest.mark.django_db
def test_an_import_command_is_recorded_as_the_systems(tmp_path, org):
    from django.core.management import call_command

    path = tmp_path / "staff.csv"
    path.write_bytes(CSV)
    call_command("import_staff", str(path))
    entry = only(audit.IMPORT)
    assert entry.user_id is None and entry.data["counts"]["created"] == 1
    assert entry.data["sha256"] == hashlib.sha256(CSV).hexdigest()


@pytest.mark.django_db
def test_exporting_the_staff_list_records_every_exported_person(client, org):
    client.force_login(org["hr"])
    response = client.get(reverse("staff:index") + "?export=csv&hall=" + str(org["hall_a"].pk))
    assert response.status_code == 200
    entry = only(audit.EXPORT)
    hall_a = Staff.objects.filter(hall=org["hall_a"]).order_by("pk").values_list("pk", flat=True)
    assert entry.user == org["hr"] and entry.data["what"] == "staff_list" and entry.data["people"] == list(hall_a)


@pytest.mark.django_db
def test_exporting_training_events_records_their_people(client, org):
    from tests.records.conftest import add_event

    add_event(org["staff_a1"], datetime.date(2026, 2, 3))
    add_event(org["staff_b1"], datetime.date(2026, 2, 3))
    client.force_login(org["hr"])
    response = client.get(reverse("training_events:index") + "?export=xlsx")
    assert response.status_code == 200
    entry = only(audit.EXPORT)
    assert entry.data["what"] == "training_events" and entry.data["format"] == "xlsx"
    assert entry.data["people"] == sorted([org["staff_a1"].pk, org["staff_b1"].pk])


@pytest.mark.django_db
def test_a_transcript_download_records_whose_transcript_was_taken(client, org, settings, tmp_path):
    settings.RECORDS_DIR = tmp_path
    client.force_login(org["trainer"])
    a1 = org["staff_a1"]
    response = client.get(reverse("records:transcript", args=[a1.staff_no]) + "?start=2026-01-01&end=2026-03-31")
    assert response.status_code == 200
    entry = only(audit.EXPORT)
    assert entry.user == org["trainer"] and entry.data["what"] == "transcript" and entry.data["people"] == [a1.pk]


@pytest.mark.django_db
def test_a_role_change_in_the_admin_records_old_and_new_roles(org):
    user = org["staff_a1"].user
    with LogContext(user=org["hr"]):  # what Wagtail's admin views run in
        user.groups.add(Group.objects.get(name=roles.TRAINER))
    entry = only(audit.ROLE_CHANGE)
    assert entry.user == org["hr"] and entry.object_id == str(user.pk)
    assert entry.data == entry.data | {"old": [roles.STAFF], "new": sorted([roles.STAFF, roles.TRAINER])}
    assert entry.data["people"] == [org["staff_a1"].pk]


@pytest.mark.django_db
def test_removing_a_user_from_a_group_in_the_group_editor_is_recorded(org):
    group = Group.objects.get(name=roles.HALL_MANAGER)
    with LogContext(user=org["hr"]):
        group.user_set.remove(org["manager_a"].user)
    entry = only(audit.ROLE_CHANGE)
    assert entry.data["old"] == sorted([roles.HALL_MANAGER, roles.STAFF]) and entry.data["new"] == [roles.STAFF]


@pytest.mark.django_db
def test_a_superuser_editing_a_users_groups_in_wagtails_user_editor_is_recorded(client, org):
    admin = make_user("root")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    user = org["staff_a1"].user
    groups = [Group.objects.get(name=roles.STAFF).pk, Group.objects.get(name=roles.HR).pk]
    form = {"username": user.username, "email": "a1@example.com", "first_name": "A", "last_name": "1"}
    response = client.post(reverse("wagtailusers_users:edit", args=[user.pk]), form | {"groups": groups})
    assert response.status_code == 302
    entry = only(audit.ROLE_CHANGE)
    assert entry.user == admin and entry.data["new"] == sorted([roles.HR, roles.STAFF])


@pytest.mark.django_db
def test_accounts_an_import_creates_get_their_role_without_a_role_entry(org):
    make_staff(staff_no="Z1")
    assert not entries(audit.ROLE_CHANGE)


@pytest.fixture
def trail(org):
    """Three entries: HR exported A1 (yesterday), the trainer exported A2 (today), the trainer graded A1."""
    with LogContext(user=org["hr"]):
        old = audit.audit_export(actor=org["hr"], people=[org["staff_a1"]], what="transcript")
    ModelLogEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - datetime.timedelta(days=1))
    audit.audit_export(actor=org["trainer"], people=[org["staff_a2"].pk], what="transcript")
    audit.audit_record(action=audit.GRADE, actor=org["trainer"], target=org["staff_a1"], people=[org["staff_a1"]])
    return org


def listed(client, **params):
    response = client.get(reverse("people_admin:audit"), params)
    assert response.status_code == 200
    return [(e.action, e.user_id, e.data["staff_nos"]) for e in response.context["object_list"]]


@pytest.mark.django_db
def test_hr_filters_the_report_by_person_actor_action_and_date(client, trail):
    org = trail
    client.force_login(org["hr"])
    assert len(listed(client)) == 3
    assert {tuple(e[2]) for e in listed(client, person="A1")} == {("A1",)} and len(listed(client, person="A1")) == 2
    assert listed(client, person="nobody") == []
    by_trainer = listed(client, user=org["trainer"].pk)
    assert len(by_trainer) == 2 and {e[1] for e in by_trainer} == {org["trainer"].pk}
    assert listed(client, action=audit.GRADE) == [(audit.GRADE, org["trainer"].pk, ["A1"])]
    today = timezone.localdate().isoformat()
    assert len(listed(client, timestamp_from=today, timestamp_to=today)) == 2
    assert listed(client, person="A1", user=org["hr"].pk) == [(audit.EXPORT, org["hr"].pk, ["A1"])]


@pytest.mark.django_db
def test_hr_exports_the_filtered_report_as_csv(client, trail):
    client.force_login(trail["hr"])
    response = client.get(reverse("people_admin:audit"), {"action": audit.GRADE, "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 2 and "A1" in lines[1] and "评分" in lines[1]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["trainer", "manager", "staff"])
def test_nobody_but_hr_reads_the_audit_report(client, trail, who):
    user = {"trainer": trail["trainer"], "manager": trail["manager_a"].user, "staff": trail["staff_a1"].user}[who]
    client.force_login(user)
    assert client.get(reverse("people_admin:audit")).status_code in (302, 403)
    assert client.get(reverse("people_admin:audit") + "?export=csv").status_code in (302, 403)
    assert client.get(reverse("people_admin:audit_results")).status_code in (302, 403)


@pytest.mark.django_db
def test_the_trainer_who_is_an_admin_user_gets_403(client, trail):
    client.force_login(trail["trainer"])
    assert client.get(reverse("people_admin:audit")).status_code == 403


@pytest.mark.django_db
def test_no_url_edits_or_deletes_an_audit_entry(client, trail):
    audit_urls = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif "audit" in prefix + str(p.pattern) or "logentry" in (prefix + str(p.pattern)).lower():
                audit_urls.append(prefix + str(p.pattern))

    walk(get_resolver().url_patterns)
    assert sorted(audit_urls) == ["admin/people/audit/", "admin/people/audit/results/"]
    entry = ModelLogEntry.objects.filter(action__startswith="peixun.").first()
    finder = AdminURLFinder(trail["hr"])
    assert finder.get_edit_url(entry) is None
    client.force_login(trail["hr"])
    count = ModelLogEntry.objects.count()
    assert client.post(reverse("people_admin:audit"), {"delete": entry.pk}).status_code == 405
    assert ModelLogEntry.objects.count() == count


@pytest.mark.django_db
def test_the_audit_menu_item_is_shown_to_hr_only(client, org):
    client.force_login(org["hr"])
    assert reverse("people_admin:audit") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(org["trainer"])
    assert reverse("people_admin:audit") not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_downloading_a_bulk_export_records_everyone_in_it(
    client, org, settings, tmp_path, django_capture_on_commit_callbacks
):
    from records.models import ExportJob

    settings.RECORDS_DIR = tmp_path
    client.force_login(org["hr"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("records:exports"), {"hall": org["hall_a"].pk, "year": 2026})
    job = ExportJob.objects.get()
    assert not entries(audit.EXPORT)
    assert client.get(reverse("records:export_download", args=[job.pk])).status_code == 200
    entry = only(audit.EXPORT)
    hall_a = sorted(s.pk for s in (org["manager_a"], org["staff_a1"], org["staff_a2"]))
    assert entry.user == org["hr"] and entry.data["what"] == "bulk_export" and entry.data["people"] == hall_a


def test_the_organiser_report_exports_are_audited_with_their_people(client, org):
    from wagtail.models import ModelLogEntry

    client.force_login(org["hr"])
    for url in ("/admin/compliance/report/?export=csv", "/admin/courses/progress/?export=csv"):
        before = ModelLogEntry.objects.filter(action="peixun.export").count()
        assert client.get(url).status_code == 200
        assert ModelLogEntry.objects.filter(action="peixun.export").count() == before + 1


@pytest.mark.django_db
def test_an_empty_report_says_so_in_chinese_with_or_without_filters(client, org):
    client.force_login(org["hr"])
    for url in (reverse("people_admin:audit"), reverse("people_admin:audit_results")):
        html = client.get(url).content.decode()
        assert "还没有审计记录。" in html and "There are no" not in html
        html = client.get(url, {"person": "nobody"}).content.decode()
        assert "没有符合筛选条件的记录。" in html and "match your query" not in html


@pytest.mark.django_db
def test_an_empty_filtered_report_says_so_in_english_when_chosen(client, org):
    client.force_login(org["hr"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("people_admin:audit"), {"person": "nobody"}).content.decode()
    assert "No entries match the filters." in html
