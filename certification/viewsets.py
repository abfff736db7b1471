"""The 上岗认证 admin menu: programs (trainers and HR), certificates (read-only, scoped to the people one
may see, filtered by program, validity and hall) and practical assessments (trainers record them for
people of their halls). Registered by ``wagtail_hooks``."""

import django_filters
from django import forms
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button

from lms.admin_scope import ScopedPermissionPolicy, ScopedViewSetMixin
from people.models import Hall
from people.selectors import halls_visible_to, staff_visible_to

from .models import Certificate, PracticalAssessment, Program
from .services import practical_assessment_record

VALID, EXPIRED, REVOKED = "valid", "expired", "revoked"


class RecordPermissionPolicy(ScopedPermissionPolicy):
    """Records of the people one may see, never edited or deleted in the admin (certificates: also never
    added)."""

    def __init__(self, model, *, scope, allowed=("view",)):
        super().__init__(model, scope=scope)
        self.allowed = allowed

    def user_has_permission(self, user, action):
        return action in self.allowed and super().user_has_permission(user, action)


class PeopleRecordsMixin(ScopedViewSetMixin):
    """Every admin view (list, inspect, history, usage, exports) only of the people ``staff_visible_to``."""

    allowed = ("view",)

    def scope(self, queryset, user):
        return queryset.filter(staff__in=staff_visible_to(user).order_by().values("pk"))

    @cached_property
    def permission_policy(self):
        return RecordPermissionPolicy(self.model, scope=self.scope, allowed=self.allowed)


class ProgramViewSet(ModelViewSet):
    model = Program
    icon = "success"
    menu_label = _("认证项目")
    list_display = ["code", "name", "validity_months", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
            FieldPanel("description"),
            FieldPanel("posts"),
            MultiFieldPanel(
                [
                    FieldPanel("modules", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("exam"),
                    FieldPanel("practical_required"),
                    FieldPanel("practical_description"),
                    FieldPanel("requirements_changed_on"),
                ],
                heading=_("取证要求"),
            ),
            FieldRowPanel([FieldPanel("validity_months"), FieldPanel("window_days"), FieldPanel("grace_days")]),
            FieldPanel("active"),
        ]
    )


class CertificateFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[(VALID, _("有效")), (EXPIRED, _("已过期")), (REVOKED, _("已吊销"))],
        method="filter_state",
    )
    hall = django_filters.ModelChoiceFilter(field_name="staff__hall", queryset=Hall.objects.none(), label=_("营业厅"))

    class Meta:
        model = Certificate
        fields = ["program", "source"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["hall"].queryset = halls_visible_to(request.user)

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == REVOKED:
            return queryset.filter(revoked_at__isnull=False)
        live = queryset.filter(revoked_at__isnull=True)
        return live.filter(expires_on__gte=today) if value == VALID else live.filter(expires_on__lt=today)


class CertificateIndexView(generic.IndexView):
    def get_base_queryset(self):
        visible = staff_visible_to(self.request.user).order_by().values("pk")
        return Certificate.objects.filter(staff__in=visible).select_related("staff", "program")


class CertificateInspectView(generic.InspectView):
    fields = [
        "number",
        "program",
        "staff",
        "issued_on",
        "expires_on",
        "source",
        "replaces",
        "evidence",
        "revoked_at",
        "revoke_reason",
        "created_at",
    ]

    def get_object(self, queryset=None):
        visible = staff_visible_to(self.request.user).order_by().values("pk")
        return get_object_or_404(Certificate.objects.filter(staff__in=visible), pk=self.kwargs["pk"])

    @cached_property
    def header_more_buttons(self):
        """The certificate's page: PDF and badge downloads, and HR's 撤销/补发 (``admin_views``)."""
        page = reverse("certification_admin:certificate_detail", args=[self.object.pk])
        return [*super().header_more_buttons, Button(_("证书、撤销与补发"), url=page, icon_name="doc-full")]


class CertificateViewSet(PeopleRecordsMixin, ModelViewSet):
    """Certificates are issued by the rules and imported; here they are found and inspected, never edited."""

    model = Certificate
    icon = "doc-full"
    menu_label = _("上岗证")
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    filterset_class = CertificateFilterSet
    list_display = ["number", "staff", "program", "issued_on", "expires_on", "source", "revoked_at"]
    search_fields = ["number", "staff__staff_no", "staff__name"]
    search_backend_name = None
    form_fields = ["revoke_reason"]


class PracticalForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_visible_to(self.for_user)
        self.fields["program"].queryset = Program.objects.filter(active=True, practical_required=True)

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("考核日期不能晚于今天。"))
        return day


class PracticalCreateView(generic.CreateView):
    """Recording goes through the service: a pass queues the certificate check."""

    def save_instance(self):
        data = self.form.cleaned_data
        return practical_assessment_record(
            program=data["program"],
            staff=data["staff"],
            assessed_on=data["assessed_on"],
            passed=data["passed"],
            note=data.get("note", ""),
            assessor=self.request.user,
        )


class PracticalIndexView(generic.IndexView):
    def get_base_queryset(self):
        visible = staff_visible_to(self.request.user).order_by().values("pk")
        return PracticalAssessment.objects.filter(staff__in=visible).select_related("staff", "program", "assessor")


class PracticalViewSet(PeopleRecordsMixin, ModelViewSet):
    allowed = ("view", "add")
    model = PracticalAssessment
    icon = "user"
    menu_label = _("实操考核")
    index_view_class = PracticalIndexView
    add_view_class = PracticalCreateView
    list_display = ["staff", "program", "assessed_on", "passed", "assessor"]
    list_filter = ["program", "passed"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("staff"),
            FieldPanel("program"),
            FieldRowPanel([FieldPanel("assessed_on"), FieldPanel("passed")]),
            FieldPanel("note"),
        ],
        base_form_class=PracticalForm,
    )


class CertificationGroup(ModelViewSetGroup):
    menu_label = _("上岗认证")
    menu_icon = "success"
    menu_order = 260
    items = (
        ProgramViewSet("certification_programs", url_prefix="certification/programs"),
        CertificateViewSet("certification_certificates", url_prefix="certification/certificates"),
        PracticalViewSet("certification_practicals", url_prefix="certification/practicals"),
    )
