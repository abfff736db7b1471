"""StreamField blocks made for service-hall training.

There is deliberately no raw-HTML block: trainers are not fully trusted editors, and every block here
renders through an escaped template. Rich text allows only a small feature list.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("段落")
        template = "courses/blocks/paragraph.html"
        description = _("一段正文：加粗、斜体、列表和链接。")
        preview_value = "<p>进门三米内<b>主动问候</b>，目光平视，面带微笑。</p>"


class KeyPointsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), default=_("要点"), max_length=100)
    points = blocks.ListBlock(blocks.CharBlock(label=_("要点"), max_length=300), label=_("要点"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("要点")
        template = "courses/blocks/key_points.html"
        description = _("本课最重要的几件事，一条一句。")
        preview_value = {"heading": "要点", "points": ["首问负责", "一次说清", "不推诿"]}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    alt = blocks.CharBlock(label=_("替代文字"), max_length=200, help_text=_("给读屏软件朗读的图片说明。"))
    caption = blocks.CharBlock(label=_("图注"), max_length=200, required=False)

    class Meta:
        icon = "image"
        label = _("图片")
        template = "courses/blocks/image.html"
        description = _("带替代文字和图注的图片，例如站姿示意。")


class VideoBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("视频链接"), required=False, help_text=_("视频网站的链接。"))
    file = DocumentChooserBlock(label=_("视频文件"), required=False, help_text=_("或上传的视频文件（mp4/webm）。"))
    caption = blocks.CharBlock(label=_("说明"), max_length=200, required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("embed")) == bool(value.get("file")):
            raise blocks.StructBlockValidationError(
                block_errors={"embed": ValidationError(_("请填写视频链接或选择视频文件（二选一）。"))}
            )
        return value

    class Meta:
        icon = "media"
        label = _("视频")
        template = "courses/blocks/video.html"
        description = _("外链视频或上传的视频文件，二选一。")


class PhraseRowBlock(blocks.StructBlock):
    say = blocks.CharBlock(label=_("这样说"), max_length=300)
    never = blocks.CharBlock(label=_("不要这样说"), max_length=300)
    why = blocks.CharBlock(label=_("原因"), max_length=300, required=False)


class PhraseTableBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), max_length=100, default=_("这样说 / 不要这样说"))
    rows = blocks.ListBlock(PhraseRowBlock(), label=_("对照"), min_num=1)

    class Meta:
        icon = "openquote"
        label = _("服务用语对照")
        template = "courses/blocks/phrase_table.html"
        description = _("服务用语与服务忌语并排对照。")
        preview_value = {
            "heading": "这样说 / 不要这样说",
            "rows": [{"say": "请您稍等，我马上为您查询。", "never": "急什么，等着。", "why": "语气生硬。"}],
        }


class ChecklistBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), max_length=100, default=_("自查清单"))
    items = blocks.ListBlock(blocks.CharBlock(label=_("项目"), max_length=300), label=_("项目"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("自查清单")
        template = "courses/blocks/checklist.html"
        description = _("员工自己逐项勾选的清单，例如上岗前仪容自查。")
        preview_value = {"heading": "上岗前自查", "items": ["工牌佩戴在左胸", "指甲修剪整齐"]}


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("步骤"), max_length=100)
    detail = blocks.TextBlock(label=_("说明"), required=False)


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), max_length=100)
    steps = blocks.ListBlock(StepBlock(), label=_("步骤"), min_num=1)

    class Meta:
        icon = "order"
        label = _("步骤")
        template = "courses/blocks/steps.html"
        description = _("按顺序完成的步骤，例如投诉处理的四个阶段。")
        preview_value = {"heading": "处理流程", "steps": [{"title": "倾听", "detail": "不打断。"}]}


class ScenarioBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), max_length=100)
    situation = blocks.TextBlock(label=_("情景"))
    choices = blocks.ListBlock(blocks.CharBlock(label=_("做法"), max_length=300), label=_("可选做法"), min_num=0)
    model_answer = blocks.TextBlock(label=_("参考做法"))
    why = blocks.TextBlock(label=_("为什么"), required=False)

    class Meta:
        icon = "group"
        label = _("情景演练")
        template = "courses/blocks/scenario.html"
        description = _("情景、可选做法、参考做法和理由，用于投诉演练。")
        preview_value = {
            "title": "排队过久",
            "situation": "客户排队四十分钟后拍桌子。",
            "choices": ["解释规定", "先道歉再倾听"],
            "model_answer": "先道歉，请客户坐下，倾听。",
            "why": "先处理情绪，再处理事情。",
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(label=_("显示名称"), max_length=200, required=False)

    class Meta:
        icon = "doc-full"
        label = _("下载文件")
        template = "courses/blocks/document.html"
        description = _("可下载的文件；只有能看到本课的人能下载。")


class CheckChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("选项"), max_length=300)
    correct = blocks.BooleanBlock(label=_("正确"), required=False)
    feedback = blocks.CharBlock(label=_("反馈"), max_length=300)


class KnowledgeCheckBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("问题"), max_length=300)
    choices = blocks.ListBlock(CheckChoiceBlock(), label=_("选项"), min_num=2)

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            raise blocks.StructBlockValidationError(
                block_errors={"question": ValidationError(_("至少要有一个正确选项。"))}
            )
        return value

    class Meta:
        icon = "help"
        label = _("随堂小问")
        template = "courses/blocks/knowledge_check.html"
        description = _("一道不计分的小题，答后立即看到反馈；答过才能完成本课。")
        preview_value = {
            "question": "客户进门，应在多远内主动问候？",
            "choices": [
                {"text": "三米", "correct": True, "feedback": "对。"},
                {"text": "不必问候", "correct": False, "feedback": "主动问候是基本要求。"},
            ],
        }


class LessonBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    key_points = KeyPointsBlock()
    image = ImageBlock()
    video = VideoBlock()
    phrase_table = PhraseTableBlock()
    checklist = ChecklistBlock()
    steps = StepsBlock()
    scenario = ScenarioBlock()
    document = DocumentBlock()
    knowledge_check = KnowledgeCheckBlock()
