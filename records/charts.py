"""Small inline SVG charts, drawn in Python so PDFs need no JavaScript and no fetched images."""

from django.utils.html import escape


def score_trend_svg(points: list[tuple[str, float]], *, width: int = 480, height: int = 160) -> str:
    """Return an SVG line chart of scores (0–100) in order; labels are shown under the points."""
    left, right, top, bottom = 32, 12, 10, 28
    plot_w, plot_h = width - left - right, height - top - bottom

    def y(value: float) -> float:
        return top + plot_h * (1 - max(0.0, min(100.0, value)) / 100)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img">']
    for tick in (0, 60, 80, 100):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#ccc" '
            f'stroke-width="0.6"/><text x="{left - 4}" y="{y(tick) + 3:.1f}" font-size="8" text-anchor="end">{tick}</text>'
        )
    if points:
        step = plot_w / max(1, len(points) - 1)
        coords = [(left + (i * step if len(points) > 1 else plot_w / 2), y(v)) for i, (_, v) in enumerate(points)]
        path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f5fa8" stroke-width="1.5"/>')
        for (x, yy), (label, value) in zip(coords, points, strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="2.2" fill="#1f5fa8"/>'
                f'<text x="{x:.1f}" y="{yy - 5:.1f}" font-size="8" text-anchor="middle">{value:g}</text>'
                f'<text x="{x:.1f}" y="{height - 10}" font-size="7" text-anchor="middle">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart_svg(bars: list[tuple[str, float]], *, width: int = 480, height: int = 150) -> str:
    """Return an SVG bar chart of non-negative values with their labels and values."""
    left, right, top, bottom = 8, 8, 14, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((v for _, v in bars), default=0) or 1
    slot = plot_w / max(1, len(bars))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img">']
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#777" stroke-width="0.6"/>'
    )
    for i, (label, value) in enumerate(bars):
        h = plot_h * value / peak
        x = left + i * slot + slot * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" fill="#1f5fa8"/>'
            f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h - h - 3:.1f}" font-size="8" text-anchor="middle">{value:g}</text>'
            f'<text x="{x + slot * 0.35:.1f}" y="{height - 10}" font-size="7.5" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
