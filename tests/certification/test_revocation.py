"""HR revokes (with a reason) and reissues certificates in the admin; the person and their hall manager are
told; trainers and managers are refused on the server; the verify page then says revoked."""

import pytest
from django.urls import reverse

from certification.models import Certificate, CertificateSource
from notices.models import Notification
from records.badges import badge_sign, badge_verify
from tests.records.test_certificates import make_certificate


@pytest.fixture(autouse=True)
def records_dir(settings, tmp_path):
    settings.RECORDS_DIR = tmp_path / "records"
    settings.PEIXUN_BADGE_KEY = ""
    settings.PEIXUN_BADGE_KEY_FILE = tmp_path / "badge_key.pem"


@pytest.fixture
def certificate(org):
    return make_certificate(org["staff_a1"])


def _revoke(client, user, certificate, reason="考试作弊"):
    client.force_login(user)
    return client.post(reverse("certification_admin:certificate_revoke", args=[certificate.pk]), {"reason": reason})


def _texts(user):
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


def test_hr_revokes_with_a_reason_and_the_person_and_manager_are_told(client, org, certificate):
    response = _revoke(client, org["hr"], certificate)
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked and certificate.revoke_reason == "考试作弊" and certificate.revoked_by == org["hr"]
    assert _texts(org["staff_a1"].user) == [
        f"您的上岗证 {certificate.number}（综合受理上岗认证）已被撤销，原因：考试作弊"
    ]
    assert any(certificate.number in t and org["staff_a1"].name in t for t in _texts(org["manager_a"].user))
    assert _texts(org["manager_b"].user) == [] and _texts(org["staff_a2"].user) == []


def test_revoking_twice_notifies_once(client, org, certificate):
    _revoke(client, org["hr"], certificate)
    _revoke(client, org["hr"], certificate, reason="另一个原因")
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "考试作弊"
    assert len(_texts(org["staff_a1"].user)) == 1 and len(_texts(org["manager_a"].user)) == 1


def test_revoke_without_a_reason_is_refused_and_changes_nothing(client, org, certificate):
    response = _revoke(client, org["hr"], certificate, reason="   ")
    assert response.status_code == 400
    certificate.refresh_from_db()
    assert not certificate.revoked and not Notification.objects.exists()


@pytest.mark.parametrize("who", ["trainer", "manager_a", "staff_a1"])
def test_only_hr_may_revoke_or_reissue_a_post_by_others_is_refused(client, org, certificate, who):
    user = org[who] if who == "trainer" else org[who].user
    refused = _revoke(client, user, certificate)
    assert refused.status_code == 302 and refused["Location"].startswith(("/admin/login/", "/admin/?", "/admin/"))
    assert not refused["Location"].endswith(f"/certificate/{certificate.pk}/")
    client.force_login(user)
    client.post(reverse("certification_admin:certificate_reissue", args=[certificate.pk]), {"reason": "遗失"})
    certificate.refresh_from_db()
    assert not certificate.revoked and Certificate.objects.count() == 1 and not Notification.objects.exists()


def test_trainer_sees_the_page_without_the_actions(client, org, certificate):
    client.force_login(org["trainer"])
    response = client.get(reverse("certification_admin:certificate_detail", args=[certificate.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and certificate.number in body
    assert reverse("certification_admin:certificate_revoke", args=[certificate.pk]) not in body
    refused = _revoke(client, org["trainer"], certificate)  # Wagtail answers PermissionDenied with its redirect
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    certificate.refresh_from_db()
    assert not certificate.revoked


def test_certificate_of_someone_out_of_scope_is_404(client, org, certificate):
    client.force_login(org["manager_b"].user)
    assert client.get(reverse("certification_admin:certificate_detail", args=[certificate.pk])).status_code == 404


def test_hr_reissues_a_new_number_the_old_one_verifies_revoked(client, org, certificate):
    badge = badge_sign(certificate)
    client.force_login(org["hr"])
    response = client.post(
        reverse("certification_admin:certificate_reissue", args=[certificate.pk]), {"reason": "证书遗失"}
    )
    new = Certificate.objects.get(source=CertificateSource.REISSUED)
    assert response.status_code == 302 and response["Location"].endswith(f"/certificate/{new.pk}/")
    assert (new.replaces, new.issued_on, new.expires_on) == (certificate, certificate.issued_on, certificate.expires_on)
    certificate.refresh_from_db()
    assert certificate.revoked and certificate.revoke_reason == "证书遗失"
    assert badge_verify(badge).outcome == "revoked" and badge_verify(badge_sign(new)).outcome == "valid"
    assert any(new.number in t for t in _texts(org["staff_a1"].user))
    assert any(new.number in t for t in _texts(org["manager_a"].user))


def test_the_certificates_inspect_page_links_to_the_page_with_the_actions(client, org, certificate):
    client.force_login(org["hr"])
    body = client.get(reverse("certification_certificates:inspect", args=[certificate.pk])).content.decode()
    assert reverse("certification_admin:certificate_detail", args=[certificate.pk]) in body
    page = client.get(reverse("certification_admin:certificate_detail", args=[certificate.pk])).content.decode()
    assert reverse("certification_admin:certificate_revoke", args=[certificate.pk]) in page
    assert reverse("records:certificate_pdf", args=[certificate.number]) in page
