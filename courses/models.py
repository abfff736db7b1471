"""Courses: the catalogue, modules and lessons (Wagtail pages), assignments and lesson progress.

Pages are authored by trainers in the Wagtail admin; ``source_key`` ties a page to its entry in the
shipped curriculum files so the loader can update it instead of duplicating it.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import GroupApprovalTask, Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult

from people.identifiers import validate_identifier
from people.models import Hall, Staff
from people.posts import Post

from .blocks import LessonBodyBlock

RESERVED_SLUGS = {"my"}  # /courses/my/ belongs to "我的培训" (home/urls.py)


class Category(models.TextChoices):
    ETIQUETTE = "etiquette", _("服务礼仪")
    GROOMING = "grooming", _("仪容仪表")
    COMPLAINT = "complaint", _("投诉处理")
    SECURITY = "security", _("安全保密")
    NEW_SERVICE = "new_service", _("新业务")
    BUSINESS = "business", _("业务知识")


class PostListField(models.JSONField):
    """A list of post codes, edited as checkboxes (an empty list means every post)."""

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=Post.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name,
            help_text=self.help_text,
        )


def _source_hash_field():
    return models.CharField(_("来源内容摘要"), max_length=64, blank=True, editable=False)


def _source_key_field():
    return models.CharField(
        _("来源标识"),
        max_length=100,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("课程文件中的标识，由导入命令维护。"),
    )


def _reader(request):
    """The user whose progress a page shows: nobody's in an editor's preview (the page may not exist yet)."""
    return None if getattr(request, "is_preview", False) else request.user


class CoursePageMixin:
    """Course pages are for signed-in people only (the curriculum is internal)."""

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)

    def get_view_restrictions(self):
        """The restrictions on this page and its ancestors in one query (ancestor paths are prefixes of ours).

        Wagtail's version first loads the ancestors to resolve aliases; course pages that are aliases use it.
        """
        if self.alias_of_id:
            return super().get_view_restrictions()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(page__path__in=paths)


class CourseIndexPage(CoursePageMixin, Page):
    """The course catalogue: every live module, grouped by category."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.ModulePage"]
    max_count = 1

    class Meta:
        verbose_name = _("课程目录")

    def route(self, request, path_components):
        """Find a module or lesson below the catalogue with one query per level, not two.

        The tree below the catalogue is fixed (modules, then lessons), so the specific model of each level
        is known and the pages can be looked up by their URL path directly.
        """
        if not path_components or len(path_components) > 2:
            return super().route(request, path_components)
        module = ModulePage.objects.filter(url_path=f"{self.url_path}{path_components[0]}/").first()
        if module is None:
            raise Http404
        page = module
        if len(path_components) == 2:
            page = LessonPage.objects.filter(url_path=f"{module.url_path}{path_components[1]}/").first()
            if page is None:
                raise Http404
            page._cached_parent_obj = module
        if not page.live or not module.live:
            raise Http404
        return RouteResult(page)

    def get_context(self, request, *args, **kwargs):
        from .selectors import modules_in_catalogue

        context = super().get_context(request, *args, **kwargs)
        context["modules"] = modules_in_catalogue(self)
        return context


class ModulePage(CoursePageMixin, Page):
    """A training module (课程模块): an ordered set of lessons for an audience."""

    code = models.CharField(_("编号"), max_length=32, validators=[validate_identifier])
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    summary = models.TextField(_("简介"), max_length=600, blank=True)
    audience_posts = PostListField(_("适用岗位"), default=list, blank=True, help_text=_("不选表示全部岗位。"))
    audience_halls = ParentalManyToManyField(
        Hall, blank=True, related_name="+", verbose_name=_("适用营业厅"), help_text=_("不选表示全部营业厅。")
    )
    estimated_minutes = models.PositiveIntegerField(_("预计学时（分钟）"), default=30)
    mandatory = models.BooleanField(_("必修"), default=True)
    source_key = _source_key_field()
    source_hash = _source_hash_field()

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("code"), FieldPanel("category"), FieldPanel("summary")], heading=_("基本信息")),
        MultiFieldPanel(
            [FieldPanel("audience_posts"), FieldPanel("audience_halls"), FieldPanel("mandatory")],
            heading=_("适用对象"),
        ),
        FieldPanel("estimated_minutes"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("code"),
        index.FilterField("category"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]
    exclude_fields_in_copy = ["source_key", "source_hash"]

    class Meta:
        verbose_name = _("课程模块")
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"], condition=~models.Q(source_key=""), name="modulepage_source_key_unique"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("“%(slug)s” 已被“我的培训”使用，请换一个。") % {"slug": self.slug}})

    def get_context(self, request, *args, **kwargs):
        from .selectors import module_overview

        context = super().get_context(request, *args, **kwargs)
        context.update(module_overview(module=self, user=_reader(request)))
        return context


class LessonPage(CoursePageMixin, Page):
    """One lesson: a StreamField of training blocks, read top to bottom on a phone."""

    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    estimated_minutes = models.PositiveIntegerField(_("预计学时（分钟）"), default=10)
    body = StreamField(LessonBodyBlock(), verbose_name=_("正文"), blank=True)
    source_key = _source_key_field()
    source_hash = _source_hash_field()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types = []
    exclude_fields_in_copy = ["source_key", "source_hash"]

    class Meta:
        verbose_name = _("课时")
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"], condition=~models.Q(source_key=""), name="lessonpage_source_key_unique"
            )
        ]

    def check_blocks(self) -> dict:
        """Return the knowledge-check values of the body (plain dicts) by block id.

        Read from the stored data so that images and documents of other blocks are not loaded.
        """
        return {raw["id"]: raw["value"] for raw in self.body.raw_data if raw["type"] == "knowledge_check"}

    def block_ids(self) -> set[str]:
        return {raw["id"] for raw in self.body.raw_data}

    def reading_length(self) -> int:
        """Visible characters of the lesson (title, summary, block texts), for the reading time."""
        from .reading import text_length

        return text_length(self.title, self.summary, blocks=self.body.raw_data)

    def get_context(self, request, *args, **kwargs):
        from .progress import lesson_open
        from .selectors import lesson_reading

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_reading(lesson=self, user=_reader(request)))
        progress, staff = context["progress"], context["staff"]
        if staff is not None and (progress is None or progress.opened_at is None):
            lesson_open(staff=staff, lesson=self, now=timezone.now())
        return context


class AssignmentSource(models.TextChoices):
    MANUAL = "manual", _("手工指派")
    AUDIENCE = "audience", _("按适用对象")


class ModuleAssignment(models.Model):
    """A module someone must (or may) study, with an optional due date."""

    staff = models.ForeignKey(
        Staff, on_delete=models.CASCADE, related_name="module_assignments", verbose_name=_("员工")
    )
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("课程"))
    due_on = models.DateField(_("截止日期"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("来源"), max_length=20, choices=AssignmentSource.choices)
    assigned_at = models.DateTimeField(_("指派时间"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("课程指派")
        verbose_name_plural = _("课程指派")
        constraints = [models.UniqueConstraint(fields=["staff", "module"], name="assignment_once_per_module")]

    def __str__(self):
        return f"{self.staff} → {self.module_id}"


class LessonProgress(models.Model):
    """How far one person got in one lesson. ``answers`` maps knowledge-check block ids to choice indexes."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="lesson_progress", verbose_name=_("员工"))
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="progress", verbose_name=_("课时"))
    started_at = models.DateTimeField(_("开始时间"))
    opened_at = models.DateTimeField(
        _("首次打开时间"), null=True, blank=True, help_text=_("服务器第一次向此人展示本课的时间；阅读时长从此计算。")
    )
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    last_position = models.CharField(_("阅读位置"), max_length=64, blank=True)
    answers = models.JSONField(_("随堂小问作答"), default=dict, blank=True)

    class Meta:
        verbose_name = _("学习进度")
        verbose_name_plural = _("学习进度")
        constraints = [models.UniqueConstraint(fields=["staff", "lesson"], name="progress_once_per_lesson")]

    def __str__(self):
        return f"{self.staff} · {self.lesson_id}"


class PeerReviewTask(GroupApprovalTask):
    """Approval by a member of the chosen groups other than the person who submitted the change.

    Used by the "课程审核" workflow so that a trainer's change is reviewed by a second trainer.
    """

    def _submitted_by(self, obj, user) -> bool:
        state = obj.current_workflow_state
        return state is not None and state.requested_by_id == user.pk

    def get_actions(self, obj, user):
        if not user.is_superuser and self._submitted_by(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states if user.is_superuser else states.exclude(workflow_state__requested_by=user)

    def on_action(self, task_state, user, action_name, **kwargs):
        if not user.is_superuser and task_state.workflow_state.requested_by_id == user.pk:
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("所选用户组中提交者以外的成员可以审核通过")

    class Meta:
        verbose_name = _("互审任务")
        verbose_name_plural = _("互审任务")
