"""The admin's 学员综合评定 (appraisals), scoped to the people one may see; registered by ``wagtail_hooks``."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from lms.admin_scope import ScopedViewSetMixin

from .admin_views import (
    AppraisalCreateView,
    AppraisalDeleteView,
    AppraisalEditView,
    AppraisalForm,
    AppraisalIndexView,
)
from .models import Appraisal
from .selectors import appraisals_visible_to


class AppraisalViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Appraisal
    icon = "form"
    menu_label = _("学员综合评定")
    menu_order = 320
    add_to_admin_menu = True
    index_view_class = AppraisalIndexView
    add_view_class = AppraisalCreateView
    edit_view_class = AppraisalEditView
    delete_view_class = AppraisalDeleteView
    list_display = ["staff", "version", "status", "rating", "created_at"]
    list_filter = ["status", "rating"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("staff"),
            FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            FieldRowPanel([FieldPanel("sessions_planned"), FieldPanel("sessions_attended")]),
            FieldPanel("attendance_note"),
            InlinePanel("items", label=_("实习培训计划")),
            FieldPanel("text", widget=forms.Textarea(attrs={"rows": 8})),
            FieldPanel("rating"),
        ],
        base_form_class=AppraisalForm,
    )

    def scope(self, queryset, user):
        return queryset.filter(pk__in=appraisals_visible_to(user).values("pk")).select_related("staff")
