"""Draw the illustrations of the shipped curriculum (content/media/*.png).

The pictures are simple diagrams drawn with Pillow so that they can be regenerated, reviewed as code and
kept small (palette PNGs of a few kilobytes). Run from anywhere:

    python content/media/make_images.py

Chinese labels need a CJK font; the WenQuanYi Micro Hei font of the Debian package fonts-wqy-microhei
is used (the same font the PDF documents use).
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

INK = (38, 50, 56)
MUTED = (110, 120, 128)
BLUE = (21, 101, 192)
LIGHT_BLUE = (227, 238, 250)
GREEN = (46, 125, 50)
LIGHT_GREEN = (232, 245, 233)
RED = (198, 40, 40)
SKIN = (246, 214, 188)
NAIL = (252, 236, 236)
PAPER = (255, 255, 255)
BACKGROUND = (250, 250, 247)


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, size)


def canvas(width: int, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (width, height), BACKGROUND)
    return image, ImageDraw.Draw(image)


def centred_text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, fill=INK) -> None:
    draw.text(xy, text, font=font(size), fill=fill, anchor="mm")


def arrow(draw: ImageDraw.ImageDraw, start, end, fill=INK, width: int = 4, head: int = 14) -> None:
    draw.line([start, end], fill=fill, width=width)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    left = (end[0] - head * math.cos(angle - 0.45), end[1] - head * math.sin(angle - 0.45))
    right = (end[0] - head * math.cos(angle + 0.45), end[1] - head * math.sin(angle + 0.45))
    draw.polygon([end, left, right], fill=fill)


def save(image: Image.Image, name: str) -> Path:
    """Save as an adaptive-palette PNG: flat diagrams need few colours, and this keeps files tiny."""
    path = HERE / name
    image.quantize(colors=48, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path


def draw_phone_three_rings() -> Path:
    image, draw = canvas(800, 300)
    centred_text(draw, (400, 34), "电话铃响三声之内接起", 28)
    draw.rounded_rectangle((40, 110, 150, 230), radius=18, fill=LIGHT_BLUE, outline=BLUE, width=4)
    draw.rounded_rectangle((58, 92, 132, 122), radius=12, fill=BLUE)
    for row in range(3):
        for col in range(3):
            x, y = 70 + col * 22, 145 + row * 24
            draw.rectangle((x, y, x + 14, y + 14), fill=BLUE)
    for index in range(5):
        x = 220 + index * 82
        ok = index < 3
        colour = GREEN if ok else MUTED
        draw.ellipse((x, 125, x + 64, 189), fill=LIGHT_GREEN if ok else PAPER, outline=colour, width=4)
        centred_text(draw, (x + 32, 157), f"第{index + 1}声", 17, fill=colour)
        centred_text(draw, (x + 32, 212), "接起" if ok else "太慢", 17, fill=colour)
    draw.line((216, 240, 450, 240), fill=GREEN, width=5)
    centred_text(draw, (333, 262), "三声以内", 18, fill=GREEN)
    draw.rounded_rectangle((640, 110, 780, 230), radius=14, fill=PAPER, outline=INK, width=3)
    centred_text(draw, (710, 142), "通话结束", 20)
    centred_text(draw, (710, 176), "客户先挂机", 20, fill=BLUE)
    centred_text(draw, (710, 208), "我再挂断", 20, fill=BLUE)
    return save(image, "phone-three-rings.png")


def draw_handing_documents() -> Path:
    image, draw = canvas(800, 460)
    centred_text(draw, (400, 30), "双手递送，文字正面朝向客户", 28)
    centred_text(draw, (400, 78), "客户", 24, fill=BLUE)
    draw.line((60, 380, 740, 380), fill=MUTED, width=6)
    centred_text(draw, (400, 430), "营业员（柜台内）", 24)
    sheet = Image.new("RGB", (300, 200), PAPER)
    sheet_draw = ImageDraw.Draw(sheet)
    sheet_draw.rectangle((0, 0, 299, 199), outline=INK, width=3)
    sheet_draw.text((150, 34), "业务登记单", font=font(26), fill=INK, anchor="mm")
    for line in range(4):
        sheet_draw.line((30, 80 + line * 28, 270, 80 + line * 28), fill=MUTED, width=3)
    image.paste(sheet.rotate(180), (250, 130))
    for x in (228, 528):
        draw.rounded_rectangle((x, 300, x + 44, 380), radius=18, fill=SKIN, outline=INK, width=2)
    centred_text(draw, (195, 340), "双手", 18, fill=GREEN)
    arrow(draw, (110, 320), (110, 130), fill=GREEN)
    centred_text(draw, (110, 345), "文字朝向客户", 18, fill=GREEN)
    draw.line((660, 160, 660, 330), fill=INK, width=10)
    draw.polygon([(654, 330), (666, 330), (660, 352)], fill=INK)
    centred_text(draw, (660, 130), "递笔时", 18)
    centred_text(draw, (660, 404), "笔尖朝向自己", 18, fill=GREEN)
    return save(image, "handing-documents.png")


def draw_finger(draw: ImageDraw.ImageDraw, left: int, free_edge_px: int, label: str, limit: str) -> None:
    top = 110 + (60 - free_edge_px)
    draw.rounded_rectangle((left, 170, left + 120, 380), radius=50, fill=SKIN, outline=INK, width=3)
    draw.rounded_rectangle((left + 18, top, left + 102, 250), radius=38, fill=NAIL, outline=INK, width=3)
    draw.line((left + 10, 170, left + 110, 170), fill=RED, width=3)
    draw.line((left + 135, top, left + 135, 170), fill=RED, width=3)
    for y in (top, 170):
        draw.line((left + 125, y, left + 145, y), fill=RED, width=3)
    centred_text(draw, (left + 200, (top + 170) // 2), limit, 26, fill=RED)
    centred_text(draw, (left + 60, 410), label, 24)


def draw_nail_length() -> Path:
    image, draw = canvas(800, 450)
    centred_text(draw, (400, 34), "指甲长度上限（从指尖向外露出的部分）", 26)
    draw_finger(draw, 120, 22, "男员工", "≤ 1 毫米")
    draw_finger(draw, 470, 44, "女员工", "≤ 2 毫米")
    centred_text(draw, (400, 78), "示意图已放大；女员工只可涂无色指甲油", 18, fill=MUTED)
    return save(image, "nail-length.png")


def draw_figure(draw: ImageDraw.ImageDraw, cx: int, pointing: bool) -> None:
    draw.ellipse((cx - 28, 100, cx + 28, 156), outline=INK, width=4, fill=SKIN)
    draw.line((cx, 156, cx, 300), fill=INK, width=6)
    draw.line((cx - 40, 175, cx + 40, 175), fill=INK, width=6)
    draw.line((cx, 300, cx - 12, 408), fill=INK, width=6)
    draw.line((cx, 300, cx + 12, 408), fill=INK, width=6)
    if pointing:
        draw.line((cx - 40, 175, cx - 8, 250), fill=INK, width=6)
        draw.line((cx - 8, 250, cx + 6, 252), fill=INK, width=6)
        angle = math.radians(45)
        hand = (cx + 40 + 150 * math.sin(angle), 175 + 150 * math.cos(angle))
        draw.line((cx + 40, 175, hand[0], hand[1]), fill=BLUE, width=6)
        draw.ellipse((hand[0] - 4, hand[1] - 14, hand[0] + 44, hand[1] + 6), fill=SKIN, outline=BLUE, width=3)
        draw.line((cx + 40, 175, cx + 40, 330), fill=MUTED, width=2)
        draw.arc((cx - 30, 105, cx + 110, 245), start=45, end=90, fill=RED, width=3)
        centred_text(draw, (cx + 74, 265), "45°", 22, fill=RED)
        arrow(draw, (hand[0] + 60, hand[1] - 5), (hand[0] + 150, hand[1] - 5), fill=BLUE)
        centred_text(draw, (hand[0] + 90, hand[1] + 34), "掌心向上", 18, fill=BLUE)
        centred_text(draw, (hand[0] + 90, hand[1] + 58), "五指并拢", 18, fill=BLUE)
    else:
        draw.line((cx - 40, 175, cx - 6, 255), fill=INK, width=6)
        draw.line((cx + 40, 175, cx + 6, 255), fill=INK, width=6)
        draw.ellipse((cx - 14, 246, cx + 14, 266), fill=SKIN, outline=INK, width=3)
    draw.line((cx - 12, 410, cx - 40, 410), fill=INK, width=6)
    draw.line((cx + 12, 408, cx + 32, 394), fill=INK, width=6)


def draw_posture_pointing() -> Path:
    image, draw = canvas(800, 520)
    centred_text(draw, (400, 34), "标准站姿与指引手势", 28)
    draw_figure(draw, 190, pointing=False)
    centred_text(draw, (190, 450), "标准站姿", 24)
    centred_text(draw, (190, 482), "双手叠放于小腹前 · 两脚成丁字", 17, fill=MUTED)
    draw_figure(draw, 470, pointing=True)
    centred_text(draw, (520, 450), "指引手势", 24)
    centred_text(draw, (520, 482), "手臂由下向上划出，与身体约 45°，目光随手势", 17, fill=MUTED)
    return save(image, "posture-pointing.png")


def draw_complaint_four_stages() -> Path:
    image, draw = canvas(960, 340)
    centred_text(draw, (480, 32), "投诉处理的四个阶段", 28)
    stages = [
        ("接受投诉", "听完 · 回应 · 记录"),
        ("解释澄清", "换位思考 · 不争辩"),
        ("提出解决方案", "分类 · 措施 · 时限"),
        ("跟踪总结", "回访 · 告知 · 满意度"),
    ]
    width, gap, top = 190, 46, 90
    for index, (title, hint) in enumerate(stages):
        left = 30 + index * (width + gap)
        draw.rounded_rectangle((left, top, left + width, top + 120), radius=16, fill=LIGHT_BLUE, outline=BLUE, width=3)
        draw.ellipse((left + 12, top + 12, left + 44, top + 44), fill=BLUE)
        centred_text(draw, (left + 28, top + 28), str(index + 1), 20, fill=PAPER)
        centred_text(draw, (left + width // 2 + 10, top + 52), title, 24)
        centred_text(draw, (left + width // 2, top + 92), hint, 16, fill=MUTED)
        if index < len(stages) - 1:
            arrow(draw, (left + width + 6, top + 60), (left + width + gap - 6, top + 60), fill=BLUE)
    draw.line((825, 212, 825, 270, 125, 270), fill=GREEN, width=4, joint="curve")
    arrow(draw, (125, 270), (125, 216), fill=GREEN)
    centred_text(draw, (475, 296), "闭环：结果告知客户 · 首问负责 · 限时办结", 20, fill=GREEN)
    centred_text(draw, (475, 326), "当场答复不了：客户离开后 10 分钟内录入投诉工单", 17, fill=RED)
    return save(image, "complaint-four-stages.png")


def main() -> None:
    for draw_one in (
        draw_phone_three_rings,
        draw_handing_documents,
        draw_nail_length,
        draw_posture_pointing,
        draw_complaint_four_stages,
    ):
        path = draw_one()
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
