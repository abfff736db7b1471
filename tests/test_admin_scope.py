"""Every admin view of a model whose rows belong to people keeps to the user's scope (issue 14, item 1).

The URLs are read from the resolver, not listed by hand: every admin URL of this project that takes an
object is tried as a trainer and a hall manager (given every model permission, so that only the scope
stands in the way) against rows of another hall; none may answer 200 or show the rows' names.
"""

import datetime
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.log_actions import log

from certification.models import Certificate, PracticalAssessment, Program
from evidence.models import EventKind, EventSource, TrainingEvent
from lms.admin_scope import SCOPES
from notices.models import HallRobot, RobotDelivery
from people import roles
from people.models import Leave
from records.models import Appraisal, Rating
from trainings.models import TrainingSession

from .conftest import make_user

SECRET = "机密"
PROJECT_APPS = {
    "people",
    "records",
    "evidence",
    "trainings",
    "exams",
    "courses",
    "compliance",
    "notices",
    "home",
}
UNSCOPED = {
    "exams.question": "the bank belongs to no person",
    "exams.questioncategory": "the bank belongs to no person",
    "exams.quiz": "a quiz belongs to no person (its key: tests/exams/test_key_guard.py)",
    "exams.poll": "a poll belongs to no person; results go through staff_visible_to",
    "evidence.launch": "a launch is an announcement to halls, not a person's record",
    "certification.program": "a program belongs to no person",
}
FUNCTION_VIEWS = {
    "records_admin": "records.appraisal",
    "exams_admin:grade": "tests/exams/test_admin_and_polls.py (answers of other halls are 404)",
    "exams_admin:stats": "exams.quiz",
    "exams_admin:preview": "exams.question",
    "exams_admin:quiz_preview": "exams.quiz",
    "exams_admin:poll_results": "exams.poll",
    "people_admin:staff_erase": "tests/people/test_privacy.py (HR only; others 403)",
    "people_admin:import_template": "tests/test_import_templates.py (a blank template, no row; needs the import permission)",
    "certification_admin": "certification.certificate",
    "notices_admin:robot_test": "notices.hallrobot",
}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), namespace, p


def admin_object_urls():
    """Yield (route, label, model label) for every admin URL of the project that takes one object."""
    for route, namespace, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/") or "<" not in route:
            continue
        callback = pattern.callback
        view_class = getattr(callback, "view_class", None)
        model = (getattr(callback, "view_initkwargs", {}) or {}).get("model") or getattr(view_class, "model", None)
        label = f"{namespace}:{pattern.name}"
        if hasattr(model, "_meta"):
            if model._meta.app_label in PROJECT_APPS:
                yield route, label, model._meta.label_lower
        elif namespace.endswith("_admin"):
            yield route, label, FUNCTION_VIEWS.get(label) or FUNCTION_VIEWS.get(namespace)


@pytest.fixture
def outside(org):
    """Rows of hall B (out of scope for hall A's trainer and manager), each named with SECRET, and log
    entries of another trainer's actions on them."""
    other_trainer = make_user("trainer_b", roles.TRAINER)
    hall, person = org["hall_b"], org["staff_b1"]
    hall.name, hall.branch.name, person.name = f"{SECRET}乙厅", f"{SECRET}分公司", f"{SECRET}张三"
    hall.save()
    hall.branch.save()
    person.save()
    now = timezone.now()
    session = TrainingSession.objects.create(
        trainer=other_trainer, kind=EventKind.WEEKLY, topic=f"{SECRET}课程", starts_at=now, ends_at=now, place="一楼"
    )
    session.halls.add(hall)
    program = Program.objects.create(code="SEC", name="安全保密上岗认证", practical_required=True)
    rows = {
        "people.branch": hall.branch,
        "people.hall": hall,
        "people.staff": person,
        "people.leave": Leave.objects.create(
            staff=person, kind="sick", start=datetime.date(2026, 1, 5), end=datetime.date(2026, 1, 6), note=SECRET
        ),
        "records.appraisal": Appraisal.objects.create(
            staff=person,
            trainer=other_trainer,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 3, 31),
            text=f"{SECRET}评语",
            rating=Rating.GOOD,
        ),
        "evidence.trainingevent": TrainingEvent.objects.create(
            staff=person,
            kind=EventKind.WEEKLY,
            occurred_at=now,
            source=EventSource.SESSION,
            source_ref="x:1",
            topic=f"{SECRET}主题",
        ),  # fmt: skip
        "trainings.trainingsession": session,
        "certification.certificate": Certificate.objects.create(
            number=f"{SECRET}-1",
            program=program,
            staff=person,
            issued_on=datetime.date(2026, 1, 1),
            expires_on=datetime.date(2028, 1, 1),
            source="imported",
        ),
        "certification.practicalassessment": PracticalAssessment.objects.create(
            program=program, staff=person, assessed_on=datetime.date(2026, 1, 2), passed=True, note=SECRET
        ),
        "notices.hallrobot": HallRobot.objects.create(
            hall=hall, kind="wecom", webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K"
        ),
        "notices.robotdelivery": RobotDelivery.objects.create(
            hall=hall, kind="wecom", key="k", title=f"{SECRET}周报", text=SECRET
        ),
    }
    for row in rows.values():
        log(row, "wagtail.edit", user=other_trainer)
    return rows


def _with_every_permission(user):
    """Give ``user`` every model permission on the scoped models: only the scope may refuse them."""
    assert get_resolver().url_patterns  # loading the URLs registers the admin viewsets
    types = ContentType.objects.get_for_models(*SCOPES).values()
    user.user_permissions.add(*Permission.objects.filter(content_type__in=types))
    return user


@pytest.fixture(params=["trainer", "manager"])
def insider(request, org, client):
    user = org["trainer"] if request.param == "trainer" else org["manager_a"].user
    client.force_login(_with_every_permission(user))
    return client


def test_every_scoped_model_has_an_out_of_scope_row_here(outside):
    assert get_resolver().url_patterns  # loading the URLs registers the admin viewsets
    assert {m._meta.label_lower for m in SCOPES} == set(outside)


def test_every_admin_url_taking_an_object_is_classified(outside):
    urls = list(admin_object_urls())
    assert len(urls) > 40
    for route, label, model in urls:
        assert model in outside or model in UNSCOPED or (model and model.startswith("tests/")), (route, label)


@pytest.mark.parametrize("method", ["get", "post"])
def test_no_admin_url_shows_or_changes_a_row_out_of_scope(outside, insider, method):
    tried = 0
    for route, label, model in admin_object_urls():
        if model not in outside:
            continue
        row = outside[model]
        url = "/" + route.split("<", 1)[0] + str(row.pk) + route.split(">", 1)[1]
        response = getattr(insider, method)(url)
        tried += 1
        assert response.status_code in (302, 403, 404, 405), (label, url, response.status_code)
        assert SECRET not in response.content.decode(), (label, url)
    assert tried >= 7 * 5
    assert Appraisal.objects.filter(text=f"{SECRET}评语").exists()
    assert TrainingSession.objects.filter(topic=f"{SECRET}课程").exists()


def test_the_same_urls_work_for_rows_in_scope(org, outside, client):
    """HR sees everyone: the walk is not passing only because every URL is broken."""
    client.force_login(org["hr"])
    shown = 0
    for route, _label, model in admin_object_urls():
        if model not in outside or "/delete/" in route or "results" in route:
            continue
        url = "/" + route.split("<", 1)[0] + str(outside[model].pk) + route.split(">", 1)[1]
        response = client.get(url)
        if response.status_code == 200 and SECRET in response.content.decode():
            shown += 1
    assert shown >= 7 * 3


LISTINGS = {  # listing: a search that finds the row out of scope
    "/admin/records/appraisals/": "张三",
    "/admin/people/staff/": "张三",
    "/admin/people/leave/": "张三",
    "/admin/people/halls/": "乙厅",
    "/admin/people/branches/": "分公司",
    "/admin/compliance/events/": "张三",
    "/admin/compliance/sessions/": "课程",
    "/admin/reports/site-history/": "张三",
    "/admin/notices/robots/": "乙厅",
    "/admin/notices/deliveries/": "周报",
}


@pytest.mark.parametrize("url", LISTINGS)
@pytest.mark.parametrize("query", ["", "?q=", "?export=csv", "?export=xlsx"])
def test_listings_searches_and_exports_leave_out_rows_out_of_scope(outside, insider, org, url, query):
    response = insider.get(url + query + (LISTINGS[url] if query == "?q=" else ""))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in response["Content-Type"]:
        cells = load_workbook(BytesIO(body)).active.iter_rows(values_only=True)
        body = " ".join(str(c) for row in cells for c in row).encode()
    assert SECRET.encode() not in body


@pytest.mark.parametrize("url", LISTINGS)
def test_hr_listings_and_searches_show_every_hall(outside, org, client, url):
    client.force_login(org["hr"])
    assert SECRET in client.get(url).content.decode()
    assert SECRET in client.get(url + "?q=" + LISTINGS[url]).content.decode()


def test_the_site_history_report_shows_a_users_own_actions_out_of_scope(outside, org, client):
    trainer = _with_every_permission(org["trainer"])
    log(outside["records.appraisal"], "wagtail.edit", user=trainer)
    client.force_login(trainer)
    response = client.get("/admin/reports/site-history/?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert body.count(SECRET) == 1


def test_admin_search_finds_nobody_out_of_scope(outside, insider):
    response = insider.get("/admin/pages/search/?q=张三")
    assert response.status_code in (200, 302)  # a hall manager may not search pages
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("url", ["/admin/people/staff/", "/admin/records/appraisals/"])
def test_a_scoped_listing_costs_the_same_queries_for_more_rows(org, outside, client, url):
    """Scoping adds no query per row (the appraisals keep their person joined)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import make_staff

    trainer = org["trainer"]
    client.force_login(_with_every_permission(trainer))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add_rows(n):
        for _ in range(n):
            person = make_staff(org["hall_a"])
            Appraisal.objects.create(
                staff=person, trainer=trainer, period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2026, 3, 31), text="好", rating=Rating.GOOD,
            )  # fmt: skip

    add_rows(3)
    few = count()
    add_rows(6)
    assert count() == few
