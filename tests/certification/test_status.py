"""The certification rules' edges (training-policy.md, "Certification"), without Django."""

import datetime
import subprocess
import sys

from certification import status as s

D = datetime.date
TERMS = s.Terms("SEC")
COUNTER = s.Terms("CTR", posts=frozenset({"counter", "front_desk"}))
PERSON = s.Person(D(2020, 1, 1), None, ((D(2020, 1, 1), "counter"),))
CERT = s.Held("SG-2024-000001", D(2024, 3, 1), D(2026, 3, 1))


def at(day, *, terms=TERMS, person=PERSON, certs=(CERT,)):
    return s.status_on(terms, person, list(certs), day)


def test_the_module_imports_without_django():
    code = "import sys, certification.status; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_certificate_counts_from_its_issue_day():
    assert at(D(2024, 2, 29)).status == s.MISSING
    first = at(D(2024, 3, 1))
    assert (first.status, first.number, first.issued_on, first.expires_on) == (
        s.CERTIFIED,
        "SG-2024-000001",
        D(2024, 3, 1),
        D(2026, 3, 1),
    )


def test_expiring_from_the_60th_day_before_expiry_through_the_expiry_day():
    assert at(D(2025, 12, 30)).status == s.CERTIFIED  # 61 days before
    first = at(D(2025, 12, 31))  # 60 days before 2026-03-01
    assert (first.status, first.days_left) == (s.EXPIRING, 60)
    last = at(D(2026, 3, 1))
    assert (last.status, last.days_left) == (s.EXPIRING, 0)


def test_expired_from_the_day_after_expiry():
    after = at(D(2026, 3, 2))
    assert (after.status, after.days_left, after.number) == (s.EXPIRED, -1, "SG-2024-000001")


def test_in_grace_through_the_30th_day_after_hire_then_missing():
    new = s.Person(D(2026, 1, 10), None, ((D(2026, 1, 10), "counter"),))
    assert at(D(2026, 1, 10), person=new, certs=()).status == s.IN_GRACE
    last = at(D(2026, 2, 9), person=new, certs=())
    assert (last.status, last.days_left, last.grace_ends_on) == (s.IN_GRACE, 0, D(2026, 2, 9))
    first_missing = at(D(2026, 2, 10), person=new, certs=())
    assert (first_missing.status, first_missing.days_left) == (s.MISSING, -1)


def test_not_required_before_hire_after_leaving_and_for_other_posts():
    left = s.Person(D(2020, 1, 1), D(2025, 6, 30), ((D(2020, 1, 1), "counter"),))
    assert at(D(2025, 7, 1), person=left).status == s.NOT_REQUIRED
    assert at(D(2019, 12, 31)).status == s.NOT_REQUIRED
    stock = s.Person(D(2020, 1, 1), None, ((D(2020, 1, 1), "stock_keeper"),))
    assert at(D(2025, 1, 1), terms=COUNTER, person=stock, certs=()).status == s.NOT_REQUIRED
    assert at(D(2025, 1, 1), person=stock, certs=()).status == s.MISSING  # all posts


def test_a_post_change_out_of_a_required_post_makes_it_not_required():
    moved = s.Person(D(2020, 1, 1), None, ((D(2020, 1, 1), "counter"), (D(2025, 5, 1), "stock_keeper")))
    assert at(D(2025, 4, 30), terms=COUNTER, person=moved, certs=()).status == s.MISSING
    assert at(D(2025, 5, 1), terms=COUNTER, person=moved, certs=()).status == s.NOT_REQUIRED


def test_a_post_change_into_a_required_post_starts_a_new_grace_from_the_change_day():
    moved = s.Person(D(2020, 1, 1), None, ((D(2020, 1, 1), "stock_keeper"), (D(2025, 5, 1), "counter")))
    assert at(D(2025, 4, 30), terms=COUNTER, person=moved, certs=()).status == s.NOT_REQUIRED
    grace = at(D(2025, 5, 31), terms=COUNTER, person=moved, certs=())
    assert (grace.status, grace.grace_ends_on) == (s.IN_GRACE, D(2025, 5, 31))
    assert at(D(2025, 6, 1), terms=COUNTER, person=moved, certs=()).status == s.MISSING


def test_a_move_between_two_required_posts_is_no_new_start():
    moved = s.Person(D(2020, 1, 1), None, ((D(2020, 1, 1), "counter"), (D(2025, 5, 1), "front_desk")))
    assert at(D(2025, 5, 2), terms=COUNTER, person=moved, certs=()).status == s.MISSING


def test_a_revoked_certificate_counts_as_never_issued():
    revoked = s.Held("SG-2024-000001", D(2024, 3, 1), D(2026, 3, 1), revoked=True)
    assert at(D(2025, 1, 1), certs=(revoked,)).status == s.MISSING


def test_of_two_overlapping_certificates_the_latest_expiry_issued_by_the_day_decides():
    renewed = s.Held("SG-2026-000002", D(2026, 1, 15), D(2028, 3, 1))
    assert at(D(2026, 1, 14), certs=(CERT, renewed)).number == "SG-2024-000001"
    on = at(D(2026, 1, 15), certs=(CERT, renewed))
    assert (on.status, on.number, on.expires_on) == (s.CERTIFIED, "SG-2026-000002", D(2028, 3, 1))
    older_longer = s.Held("IMP-1", D(2023, 1, 1), D(2027, 1, 1))
    assert at(D(2025, 1, 1), certs=(CERT, older_longer)).number == "IMP-1"


def test_an_expired_certificate_before_a_new_start_in_the_post_gives_the_new_grace():
    old = s.Held("OLD", D(2018, 1, 1), D(2020, 1, 1))
    moved = s.Person(
        D(2017, 1, 1), None, ((D(2017, 1, 1), "counter"), (D(2021, 1, 1), "stock_keeper"), (D(2024, 1, 1), "counter"))
    )
    assert at(D(2024, 1, 20), terms=COUNTER, person=moved, certs=(old,)).status == s.IN_GRACE
    assert at(D(2024, 3, 1), terms=COUNTER, person=moved, certs=(old,)).status == s.EXPIRED


def test_months_are_added_clamping_to_the_last_day_of_the_month():
    assert s.add_months(D(2024, 2, 29), 24) == D(2026, 2, 28)
    assert s.add_months(D(2024, 2, 29), 48) == D(2028, 2, 29)
    assert s.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert s.add_months(D(2025, 12, 15), 1) == D(2026, 1, 15)


def test_a_certificate_issued_on_a_leap_day_expires_on_28_february_and_expires_the_day_after():
    leap = s.Held("LEAP", D(2024, 2, 29), s.expiry_for(TERMS, earned_on=D(2024, 2, 29)))
    assert leap.expires_on == D(2026, 2, 28)
    assert at(D(2026, 2, 28), certs=(leap,)).status == s.EXPIRING
    assert at(D(2026, 3, 1), certs=(leap,)).status == s.EXPIRED


def test_renewal_inside_the_window_extends_from_the_old_expiry():
    assert s.expiry_for(TERMS, earned_on=D(2025, 12, 31), current=CERT) == D(2028, 3, 1)  # first window day
    assert s.expiry_for(TERMS, earned_on=D(2025, 12, 30), current=CERT) == D(2027, 12, 30)  # before it
    assert s.expiry_for(TERMS, earned_on=D(2026, 3, 1), current=CERT) == D(2028, 3, 1)  # expiry day


def test_renewal_after_expiry_runs_from_the_day_earned():
    assert s.expiry_for(TERMS, earned_on=D(2026, 3, 2), current=CERT) == D(2028, 3, 2)
    assert s.expiry_for(TERMS, earned_on=D(2024, 3, 1)) == D(2026, 3, 1)


REQ = s.Requirements(modules=frozenset({1, 2}), exam=True)


def met(day, ref=None):
    return s.Met(day, ref)


def test_what_is_left_lists_modules_exam_and_practical_not_done():
    left = s.requirements_left(TERMS, s.Requirements(frozenset({1, 2}), True, True), s.Facts({1: met(D(2025, 1, 1))}))
    assert (left.modules, left.exam, left.practical, left.done) == (frozenset({2}), True, True, False)


def test_earned_on_is_the_day_the_last_requirement_was_first_met():
    facts = s.Facts({1: met(D(2025, 1, 1)), 2: met(D(2025, 1, 5))}, (met(D(2025, 1, 3), "a"), met(D(2025, 2, 1), "b")))
    left = s.requirements_left(TERMS, REQ, facts)
    assert (left.done, left.earned_on, left.used["exam"].ref) == (True, D(2025, 1, 5), "a")


def test_a_program_without_requirements_is_never_earned():
    assert not s.requirements_left(TERMS, s.Requirements(), s.Facts({})).done


def test_a_renewal_needs_an_exam_pass_in_the_window_not_the_modules():
    early = s.Facts({}, (met(D(2025, 12, 30)),))
    assert s.requirements_left(TERMS, REQ, early, current=CERT).exam is True
    inside = s.Facts({}, (met(D(2024, 3, 1)), met(D(2025, 12, 31))))
    left = s.requirements_left(TERMS, REQ, inside, current=CERT)
    assert (left.done, left.earned_on) == (True, D(2025, 12, 31))


def test_a_renewal_needs_the_modules_again_when_they_changed_after_the_issue():
    req = s.Requirements(frozenset({1}), True, changed_on=D(2025, 6, 1))
    old_module = s.Facts({1: met(D(2024, 2, 1))}, (met(D(2026, 1, 2)),))
    assert s.requirements_left(TERMS, req, old_module, current=CERT).modules == frozenset({1})
    new_module = s.Facts({1: met(D(2025, 7, 1))}, (met(D(2026, 1, 2)),))
    assert s.requirements_left(TERMS, req, new_module, current=CERT).earned_on == D(2026, 1, 2)
    unchanged = s.Requirements(frozenset({1}), True, changed_on=D(2024, 1, 1))
    assert s.requirements_left(TERMS, unchanged, s.Facts({}, (met(D(2026, 1, 2)),)), current=CERT).done


def test_after_a_revocation_the_exam_must_be_passed_again():
    facts = s.Facts({1: met(D(2024, 1, 1)), 2: met(D(2024, 1, 1))}, (met(D(2024, 3, 1)),))
    assert s.requirements_left(TERMS, REQ, facts, revoked_issued_on=D(2024, 3, 1)).exam is True
    again = s.Facts(facts.modules, (*facts.exam_passes, met(D(2024, 5, 1))))
    assert s.requirements_left(TERMS, REQ, again, revoked_issued_on=D(2024, 3, 1)).earned_on == D(2024, 5, 1)
