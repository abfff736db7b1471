"""The shipped curriculum files (content/curriculum/*.yaml) keep the shared format and the policy's facts.

These tests read the files only (no database): the loader of the courses app trusts this format, so a
broken file, a missing media file or a lost fact must fail here, before anything is loaded. The last test
guards the rule that the course text is written in the project's own words, not copied from the seeds.
"""

import os
import re
from pathlib import Path

import opencc
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
CURRICULUM = CONTENT / "curriculum"
MODULE_FILES = {
    "etiquette": "etiquette.yaml",
    "grooming": "grooming.yaml",
    "complaint": "complaint.yaml",
    "security": "security.yaml",
}

MODULE_KEYS = {"key", "code", "title", "category", "summary", "estimated_minutes", "mandatory", "audience_posts"}
LESSON_KEYS = {"key", "title", "summary", "estimated_minutes", "body"}
CATEGORIES = {"etiquette", "grooming", "complaint", "security", "new_service", "business"}
POST_CODES = {
    "hall_manager",
    "duty_manager",
    "greeter",
    "front_desk",
    "counter",
    "complaint",
    "retention",
    "stock_keeper",
    "auditor",
    "trainer",
}
BLOCK_FIELDS = {
    "paragraph": None,
    "key_points": {"heading", "points"},
    "phrase_table": {"heading", "rows"},
    "checklist": {"heading", "items"},
    "steps": {"heading", "steps"},
    "scenario": {"title", "situation", "choices", "model_answer", "why"},
    "knowledge_check": {"question", "choices"},
    "image": {"file", "alt", "caption"},
    "document": {"file", "title"},
    "video": {"embed_url", "caption"},
}
ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li"}
MAX_IMAGE_BYTES = 60 * 1024
NOT_CJK = re.compile(r"[^\u3400-\u9fff]")
COPY_WINDOW = 20


def load(name: str) -> dict:
    with (CURRICULUM / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def all_files() -> dict[str, dict]:
    return {path.name: load(path.name) for path in sorted(CURRICULUM.glob("*.yaml"))}


def blocks(data: dict):
    for lesson in data["lessons"]:
        for block in lesson["body"]:
            yield lesson, block


def strings(node):
    """Every string inside a parsed YAML node, in document order."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def flat_text(data: dict) -> str:
    """All text of a module without spaces or markup, so that "10 分钟" and "10分钟" read alike."""
    text = "".join(strings(data))
    return re.sub(r"<[^>]+>|\s", "", text)


def seeds_dir() -> Path | None:
    """The read-only seed documents beside the repository (../shared/seeds), if this machine has them."""
    candidates = [
        os.environ.get("PEIXUN_SEEDS_DIR"),
        REPO.parent / "shared" / "seeds",
        REPO.parent.parent / "shared" / "seeds",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir() and any(Path(candidate).glob("*.txt")):
            return Path(candidate)
    return None


def test_the_four_shipped_modules_exist_with_at_least_four_lessons_each():
    files = all_files()
    assert set(MODULE_FILES.values()) <= set(files)
    for module_key, name in MODULE_FILES.items():
        data = files[name]
        assert data["module"]["key"] == module_key
        assert data["module"]["category"] == module_key
        assert len(data["lessons"]) >= 4, name


def test_every_module_and_lesson_has_the_required_keys_and_types():
    for name, data in all_files().items():
        assert set(data) == {"module", "lessons"}, name
        module = data["module"]
        assert MODULE_KEYS <= set(module), (name, MODULE_KEYS - set(module))
        assert module["category"] in CATEGORIES
        assert isinstance(module["mandatory"], bool)
        assert isinstance(module["estimated_minutes"], int) and module["estimated_minutes"] > 0
        assert set(module["audience_posts"]) <= POST_CODES
        for field in ("key", "code", "title", "summary"):
            assert isinstance(module[field], str) and module[field].strip(), (name, field)
        for lesson in data["lessons"]:
            assert LESSON_KEYS <= set(lesson), (name, lesson.get("key"), LESSON_KEYS - set(lesson))
            assert isinstance(lesson["estimated_minutes"], int) and lesson["estimated_minutes"] > 0
            assert lesson["body"], lesson["key"]


def test_module_minutes_are_the_sum_of_its_lessons():
    for name, data in all_files().items():
        total = sum(lesson["estimated_minutes"] for lesson in data["lessons"])
        assert data["module"]["estimated_minutes"] == total, name


def test_every_block_is_of_an_allowed_type_with_its_fields():
    for name, data in all_files().items():
        for lesson, block in blocks(data):
            where = (name, lesson["key"], block.get("type"))
            assert set(block) == {"type", "value"}, where
            assert block["type"] in BLOCK_FIELDS, where
            fields = BLOCK_FIELDS[block["type"]]
            if fields is None:
                assert isinstance(block["value"], str) and block["value"].strip(), where
            else:
                required = fields - {"caption"}
                assert required <= set(block["value"]), (where, required - set(block["value"]))


def test_block_contents_are_complete():
    for name, data in all_files().items():
        for lesson, block in blocks(data):
            value, kind, where = block["value"], block["type"], (name, lesson["key"], block["type"])
            if kind == "key_points":
                assert value["points"] and all(isinstance(point, str) for point in value["points"]), where
            elif kind == "phrase_table":
                assert value["rows"], where
                for row in value["rows"]:
                    assert set(row) == {"say", "never", "why"} and all(row.values()), where
            elif kind == "checklist":
                assert len(value["items"]) >= 3, where
            elif kind == "steps":
                assert len(value["steps"]) >= 2, where
                for step in value["steps"]:
                    assert set(step) == {"title", "detail"} and all(step.values()), where
            elif kind == "scenario":
                assert len(value["choices"]) >= 2 and value["model_answer"] and value["why"], where
            elif kind == "knowledge_check":
                choices = value["choices"]
                assert len(choices) >= 2, where
                assert sum(1 for choice in choices if choice["correct"] is True) == 1, where
                assert all(choice["text"] and choice["feedback"] for choice in choices), where


def test_markup_is_limited_to_the_paragraph_subset():
    for name, data in all_files().items():
        for lesson, block in blocks(data):
            texts = list(strings(block["value"]))
            if block["type"] == "paragraph":
                tags = {tag.lower() for tag in re.findall(r"</?\s*([a-zA-Z0-9]+)", block["value"])}
                assert tags <= ALLOWED_TAGS, (name, lesson["key"], tags - ALLOWED_TAGS)
            else:
                assert not any("<" in text for text in texts), (name, lesson["key"], block["type"])


def test_keys_are_unique_across_all_files():
    module_keys, lesson_keys = [], []
    for data in all_files().values():
        module_keys.append(data["module"]["key"])
        lesson_keys.extend(lesson["key"] for lesson in data["lessons"])
    assert len(module_keys) == len(set(module_keys))
    assert len(lesson_keys) == len(set(lesson_keys))
    assert not set(module_keys) & set(lesson_keys)
    codes = [data["module"]["code"] for data in all_files().values()]
    assert len(codes) == len(set(codes))


def test_every_referenced_media_file_exists_and_images_are_small():
    referenced = set()
    for name, data in all_files().items():
        for lesson, block in blocks(data):
            if block["type"] in {"image", "document"}:
                relative = block["value"]["file"]
                assert relative.startswith("media/") and ".." not in relative, (name, relative)
                path = CONTENT / relative
                assert path.is_file(), (name, lesson["key"], relative)
                assert path.stat().st_size > 0
                referenced.add(relative)
            if block["type"] == "image":
                assert path.suffix == ".png"
                assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
                assert path.stat().st_size < MAX_IMAGE_BYTES, relative
                assert block["value"]["alt"].strip()
    shipped = {f"media/{path.name}" for path in (CONTENT / "media").iterdir() if path.suffix != ".py"}
    assert shipped == referenced, "every shipped media file is used, and only those"


def test_each_module_uses_the_training_blocks_it_needs():
    needed = {
        "etiquette": {"key_points", "phrase_table", "steps", "scenario", "knowledge_check", "document", "image"},
        "grooming": {"key_points", "checklist", "steps", "knowledge_check", "document", "image"},
        "complaint": {"key_points", "phrase_table", "steps", "scenario", "knowledge_check", "document", "image"},
        "security": {"key_points", "checklist", "steps", "scenario", "knowledge_check", "document"},
    }
    for module_key, name in MODULE_FILES.items():
        data = load(name)
        used = {block["type"] for _, block in blocks(data)}
        assert needed[module_key] <= used, (name, needed[module_key] - used)
        for lesson in data["lessons"]:
            assert any(block["type"] == "knowledge_check" for block in lesson["body"]), lesson["key"]


def test_etiquette_covers_the_policy_facts():
    text = flat_text(load("etiquette.yaml"))
    for fact in ("三声", "客户挂机后", "双手", "文字的正面朝向客户", "首问负责制", "叫号", "服务忌语", "唱收唱付"):
        assert fact in text, fact
    for taboo in ("不知道。", "找领导去。", "这是规定，就不行。", "墙上贴着，自己看。", "有意见，告去。"):
        assert taboo in text, taboo


def test_grooming_covers_the_policy_facts():
    text = flat_text(load("grooming.yaml"))
    for fact in ("不超过1毫米", "不超过2毫米", "上排6颗牙", "工号牌", "淡妆", "站姿", "坐姿", "45度", "以右为尊"):
        assert fact in text, fact
    for topic in ("头发", "胡须", "制服", "饰品", "领带夹", "耳钉"):
        assert topic in text, topic


def test_complaint_covers_the_four_stages_and_the_phone_steps():
    data = load("complaint.yaml")
    text = flat_text(data)
    for fact in ("首问负责、限时办结、闭环管理", "离开营业厅后10分钟内", "投诉工单", "逐级上报", "回避"):
        assert fact in text, fact
    stage_titles = [
        step["title"] for _, block in blocks(data) if block["type"] == "steps" for step in block["value"]["steps"]
    ]
    joined = "|".join(stage_titles)
    for stage in ("接受投诉", "解释澄清", "提出解决方案", "跟踪总结"):
        assert stage in joined, stage
    phone = next(
        block["value"]["steps"]
        for lesson, block in blocks(data)
        if lesson["key"] == "complaint-phone" and block["type"] == "steps"
    )
    order = ["倾听", "致歉", "记录", "答复", "再次致歉", "话别"]
    assert [re.sub(r"^\d+\.\s*", "", step["title"]) for step in phone] == order
    assert "不争辩" in text and "指责同事" in text


def test_security_covers_the_policy_facts():
    text = flat_text(load("security.yaml"))
    for fact in (
        "锁屏",
        "关闭客户资料",
        "禁止拍摄",
        "上级部门来检查的人员",
        "外来人员",
        "防盗",
        "防抢",
        "防火",
        "唱收",
        "自留款",
        "交班记录",
        "提前10分钟",
        "越级报告",
        "内部",
    ):
        assert fact in text, fact


def cjk_only(text: str) -> str:
    return NOT_CJK.sub("", text)


def test_no_sentence_is_copied_from_the_seed_documents():
    """No run of 20 consecutive Chinese characters of the course text appears in a seed document.

    The seeds mix traditional and simplified characters, so both sides are compared in simplified form,
    with punctuation and spacing removed (a copy cannot hide behind a changed comma).
    """
    seeds = seeds_dir()
    if seeds is None:
        pytest.skip("the seed documents (../shared/seeds) are not on this machine")
    to_simplified = opencc.OpenCC("t2s")
    seed_text = cjk_only(
        to_simplified.convert(
            "".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(seeds.glob("*.txt")))
        )
    )
    windows = {seed_text[i : i + COPY_WINDOW] for i in range(len(seed_text) - COPY_WINDOW + 1)}
    copied = []
    for name, data in all_files().items():
        for text in strings(data):
            chars = cjk_only(to_simplified.convert(text))
            for i in range(len(chars) - COPY_WINDOW + 1):
                if chars[i : i + COPY_WINDOW] in windows:
                    copied.append((name, chars[i : i + COPY_WINDOW]))
    extra = [path for path in (CONTENT / "media").glob("*.txt")] + [path for path in (CONTENT / "media").glob("*.csv")]
    for path in extra:
        chars = cjk_only(to_simplified.convert(path.read_text(encoding="utf-8-sig")))
        copied.extend(
            (path.name, chars[i : i + COPY_WINDOW])
            for i in range(len(chars) - COPY_WINDOW + 1)
            if chars[i : i + COPY_WINDOW] in windows
        )
    assert not copied, copied[:10]
