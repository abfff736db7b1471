"""The shipped curriculum files (``content/curriculum/*.yaml``) parsed into plain dataclasses.

Pure: text in, dataclasses or a ``CurriculumError`` out. Every problem is reported with its file and
key path (e.g. ``complaint.yaml: lessons[2].body[4].value.choices: 至少两个选项``) and all problems of
all files are collected, so an author fixes them in one pass; messages are in the language active while
parsing (``load_curriculum --language en``). The format is described in
``content/README.md``; paragraph HTML is limited to ``<p> <strong> <em> <ul> <ol> <li>``.
"""

import re
from dataclasses import dataclass, field

import yaml
from django.utils.translation import gettext as _

CATEGORIES = ("etiquette", "grooming", "complaint", "security", "new_service", "business")
PARAGRAPH_TAGS = {"p", "strong", "em", "ul", "ol", "li", "b", "i", "br"}
MEDIA_TYPES = {"image": ("png", "jpg", "jpeg", "gif", "webp"), "document": ("pdf", "txt", "csv", "xlsx", "docx")}
BLOCK_TYPES = (
    "paragraph",
    "key_points",
    "phrase_table",
    "checklist",
    "steps",
    "scenario",
    "knowledge_check",
    "image",
    "document",
    "video",
)
KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TAG = re.compile(r"</?\s*([a-zA-Z0-9]+)([^>]*)>")


class CurriculumError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Block:
    type: str
    value: object


@dataclass(frozen=True)
class Lesson:
    key: str
    title: str
    summary: str
    estimated_minutes: int
    body: tuple[Block, ...]


@dataclass(frozen=True)
class Module:
    key: str
    code: str
    title: str
    category: str
    summary: str
    estimated_minutes: int
    mandatory: bool
    audience_posts: tuple[str, ...]
    lessons: tuple[Lesson, ...]
    source: str = ""
    media: tuple[str, ...] = field(default=())


class _Reader:
    """Collects errors while reading one file."""

    def __init__(self, source: str, post_codes):
        self.source = source
        self.post_codes = set(post_codes)
        self.errors: list[str] = []
        self.media: list[str] = []

    def error(self, where: str, message: str):
        self.errors.append(f"{self.source}: {where}: {message}")

    def mapping(self, data, where):
        if not isinstance(data, dict):
            self.error(where, _("应为键值表"))
            return {}
        return data

    def text(self, data, key, where, *, required=True, max_length=None):
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.error(f"{where}.{key}", _("不能为空"))
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.error(f"{where}.{key}", _("应为文字"))
            return ""
        value = str(value).strip()
        if max_length and len(value) > max_length:
            self.error(f"{where}.{key}", _("不能超过 %(n)s 个字符") % {"n": max_length})
        return value

    def number(self, data, key, where):
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            self.error(f"{where}.{key}", _("应为正整数"))
            return 0
        return value

    def texts(self, data, key, where, *, minimum=1):
        value = data.get(key)
        if value is None and minimum == 0:
            return []
        if not isinstance(value, list) or len(value) < minimum:
            self.error(f"{where}.{key}", _("应为至少 %(n)s 项的列表") % {"n": minimum})
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, (str, int, float)) or isinstance(item, bool) or str(item).strip() == "":
                self.error(f"{where}.{key}[{i}]", _("应为非空文字"))
            else:
                out.append(str(item).strip())
        return out

    def rows(self, data, key, where, fields, *, minimum=1):
        """A list of mappings; ``fields`` maps each field to whether it is required."""
        value = data.get(key)
        if not isinstance(value, list) or len(value) < minimum:
            self.error(f"{where}.{key}", _("应为至少 %(n)s 项的列表") % {"n": minimum})
            return []
        out = []
        for i, item in enumerate(value):
            item = self.mapping(item, f"{where}.{key}[{i}]")
            out.append({f: self.text(item, f, f"{where}.{key}[{i}]", required=req) for f, req in fields.items()})
        return out

    def media_file(self, data, where, kind):
        path = self.text(data, "file", where)
        if path and (path.startswith("/") or ".." in path.split("/") or not path.startswith("media/")):
            self.error(f"{where}.file", _("应为 media/ 下的相对路径"))
            return ""
        if path and path.rsplit(".", 1)[-1].lower() not in MEDIA_TYPES[kind]:
            self.error(f"{where}.file", _("文件类型应为 %(types)s") % {"types": "、".join(MEDIA_TYPES[kind])})
            return ""
        if path:
            self.media.append(path)
        return path

    def paragraph(self, value, where):
        if not isinstance(value, str) or not value.strip():
            self.error(where, _("应为非空 HTML 文字"))
            return ""
        for tag, attrs in TAG.findall(value):
            if tag.lower() not in PARAGRAPH_TAGS or attrs.strip().strip("/"):
                self.error(where, _("不允许的 HTML：%(tag)s") % {"tag": f"<{tag}{attrs}>"})
        value = re.sub(r"<(/?)strong>", r"<\1b>", value.strip())
        return re.sub(r"<(/?)em>", r"<\1i>", value)

    def block(self, data, where) -> Block | None:
        data = self.mapping(data, where)
        kind = data.get("type")
        value = data.get("value")
        vw = f"{where}.value"
        if kind not in BLOCK_TYPES:
            self.error(f"{where}.type", _("未知的块类型：%(type)s") % {"type": repr(kind)})
            return None
        if kind == "paragraph":
            return Block(kind, self.paragraph(value, vw))
        value = self.mapping(value, vw)
        if kind == "key_points":
            out = {"heading": self.text(value, "heading", vw), "points": self.texts(value, "points", vw)}
        elif kind == "phrase_table":
            rows = self.rows(value, "rows", vw, {"say": True, "never": True, "why": False})
            out = {"heading": self.text(value, "heading", vw), "rows": rows}
        elif kind == "checklist":
            out = {"heading": self.text(value, "heading", vw), "items": self.texts(value, "items", vw)}
        elif kind == "steps":
            steps = self.rows(value, "steps", vw, {"title": True, "detail": False})
            out = {"heading": self.text(value, "heading", vw), "steps": steps}
        elif kind == "scenario":
            out = {
                "title": self.text(value, "title", vw),
                "situation": self.text(value, "situation", vw),
                "choices": self.texts(value, "choices", vw, minimum=0),
                "model_answer": self.text(value, "model_answer", vw),
                "why": self.text(value, "why", vw, required=False),
            }
        elif kind == "knowledge_check":
            choices = value.get("choices")
            out = {"question": self.text(value, "question", vw), "choices": []}
            if not isinstance(choices, list) or len(choices) < 2:
                self.error(f"{vw}.choices", _("至少两个选项"))
            else:
                for i, choice in enumerate(choices):
                    cw = f"{vw}.choices[{i}]"
                    choice = self.mapping(choice, cw)
                    if not isinstance(choice.get("correct"), bool):
                        self.error(f"{cw}.correct", _("应为 true 或 false"))
                    out["choices"].append(
                        {
                            "text": self.text(choice, "text", cw),
                            "correct": choice.get("correct") is True,
                            "feedback": self.text(choice, "feedback", cw),
                        }
                    )
                if not any(c["correct"] for c in out["choices"]):
                    self.error(f"{vw}.choices", _("至少要有一个正确选项"))
        elif kind == "image":
            out = {
                "file": self.media_file(value, vw, "image"),
                "alt": self.text(value, "alt", vw),
                "caption": self.text(value, "caption", vw, required=False),
            }
        elif kind == "document":
            out = {
                "file": self.media_file(value, vw, "document"),
                "title": self.text(value, "title", vw, required=False),
            }
        else:
            out = {
                "embed_url": self.text(value, "embed_url", vw),
                "caption": self.text(value, "caption", vw, required=False),
            }
            if out["embed_url"] and not out["embed_url"].startswith("https://"):
                self.error(f"{vw}.embed_url", _("应为 https:// 开头的链接"))
        return Block(kind, out)

    def lesson(self, data, where) -> Lesson:
        data = self.mapping(data, where)
        key = self.text(data, "key", where)
        if key and not KEY.match(key):
            self.error(f"{where}.key", _("只能用小写字母、数字和连字符"))
        body = data.get("body")
        blocks = []
        if not isinstance(body, list) or not body:
            self.error(f"{where}.body", _("应为非空的块列表"))
        else:
            parsed = (self.block(item, f"{where}.body[{i}]") for i, item in enumerate(body))
            blocks = [b for b in parsed if b is not None]
        return Lesson(
            key=key,
            title=self.text(data, "title", where, max_length=255),
            summary=self.text(data, "summary", where, required=False, max_length=300),
            estimated_minutes=self.number(data, "estimated_minutes", where),
            body=tuple(blocks),
        )

    def module(self, data) -> Module:
        data = self.mapping(data, _("(文件)"))
        head = self.mapping(data.get("module"), "module")
        key = self.text(head, "key", "module")
        if key and not KEY.match(key):
            self.error("module.key", _("只能用小写字母、数字和连字符"))
        category = self.text(head, "category", "module")
        if category and category not in CATEGORIES:
            self.error("module.category", _("应为 %(choices)s 之一") % {"choices": "、".join(CATEGORIES)})
        mandatory = head.get("mandatory", True)
        if not isinstance(mandatory, bool):
            self.error("module.mandatory", _("应为 true 或 false"))
        posts = self.texts(head, "audience_posts", "module", minimum=0)
        for post in posts:
            if post not in self.post_codes:
                self.error("module.audience_posts", _("未知的岗位：%(post)s") % {"post": post})
        lessons = data.get("lessons")
        if not isinstance(lessons, list) or not lessons:
            self.error("lessons", _("应为非空的课时列表"))
            lessons = []
        return Module(
            key=key,
            code=self.text(head, "code", "module", max_length=32),
            title=self.text(head, "title", "module", max_length=255),
            category=category,
            summary=self.text(head, "summary", "module", required=False, max_length=600),
            estimated_minutes=self.number(head, "estimated_minutes", "module"),
            mandatory=mandatory is True,
            audience_posts=tuple(posts),
            lessons=tuple(self.lesson(item, f"lessons[{i}]") for i, item in enumerate(lessons)),
            source=self.source,
            media=tuple(self.media),
        )


def parse_module(text: str, *, source: str, post_codes) -> Module:
    """Parse one curriculum file; raise ``CurriculumError`` listing every problem found in it."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise CurriculumError([f"{source}: " + _("YAML 格式错误：%(error)s") % {"error": e}]) from e
    reader = _Reader(source, post_codes)
    module = reader.module(data)
    if reader.errors:
        raise CurriculumError(reader.errors)
    return module


def parse_curriculum(files: dict[str, str], *, post_codes, media_exists=lambda path: True) -> list[Module]:
    """Parse several files (name → text), check keys are unique across them and media files exist."""
    errors, modules = [], []
    for source, text in sorted(files.items()):
        try:
            modules.append(parse_module(text, source=source, post_codes=post_codes))
        except CurriculumError as e:
            errors.extend(e.errors)
    seen: dict[str, str] = {}
    for module in modules:
        keys = [("module.key", module.key)] + [
            (f"lessons[{i}].key", lesson.key) for i, lesson in enumerate(module.lessons)
        ]
        for where, key in keys:
            if key in seen:
                errors.append(
                    f"{module.source}: {where}: "
                    + _("标识 %(key)s 与 %(other)s 重复") % {"key": key, "other": seen[key]}
                )
            seen[key] = f"{module.source} {where}"
        for path in module.media:
            if not media_exists(path):
                errors.append(f"{module.source}: " + _("找不到媒体文件 %(path)s") % {"path": path})
    if errors:
        raise CurriculumError(errors)
    return modules
