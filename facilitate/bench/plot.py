"""The ack-latency plot (docs/bench-ack-latency.svg) as plain SVG: p50, p95
and p99 of a burst against the number of phones, one colour per target."""

from __future__ import annotations

from html import escape

COLOURS = {"gevent": "#1f6fb4", "eventlet": "#c8501e", "baseline": "#7a7a7a"}
DASHES = {"p50": "", "p95": "7 4", "p99": "2 3"}
WIDTH, HEIGHT = 760, 440
LEFT, RIGHT, TOP, BOTTOM = 70, 170, 50, 60


def _nice_ceiling(value: float) -> float:
    step = 1.0
    while step * 10 < value:
        step *= 10
    for multiple in (1, 2, 2.5, 5, 10):
        if step * multiple >= value:
            return step * multiple
    return step * 10


def ack_latency_svg(sweep: dict[str, list[dict]], title: str) -> str:
    phones = sorted({point["phones"] for points in sweep.values() for point in points})
    top = _nice_ceiling(max((point["p99"] or 0 for points in sweep.values()
                             for point in points), default=1) or 1)
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(count: int) -> float:
        return LEFT + width * count / max(phones)

    def y(ms: float) -> float:
        return TOP + height * (1 - ms / top)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{LEFT}" y="28" font-size="15" font-weight="bold">{escape(title)}</text>']
    for step in range(6):  # horizontal grid and the ms axis
        ms = top * step / 5
        out.append(f'<line x1="{LEFT}" x2="{LEFT + width}" y1="{y(ms):.1f}" y2="{y(ms):.1f}" '
                   f'stroke="#ddd"/><text x="{LEFT - 8}" y="{y(ms) + 4:.1f}" '
                   f'text-anchor="end">{ms:g}</text>')
    for count in phones:
        out.append(f'<line x1="{x(count):.1f}" x2="{x(count):.1f}" y1="{TOP + height}" '
                   f'y2="{TOP + height + 5}" stroke="#333"/><text x="{x(count):.1f}" '
                   f'y="{TOP + height + 20}" text-anchor="middle">{count}</text>')
    out.append(f'<line x1="{LEFT}" x2="{LEFT + width}" y1="{TOP + height}" '
               f'y2="{TOP + height}" stroke="#333"/>')
    out.append(f'<text x="{LEFT + width / 2}" y="{HEIGHT - 15}" text-anchor="middle">'
               'phones answering within one second</text>')
    out.append(f'<text transform="translate(18 {TOP + height / 2}) rotate(-90)" '
               'text-anchor="middle">ack latency (ms)</text>')
    legend_y = TOP
    for target, points in sweep.items():
        colour = COLOURS.get(target, "#333")
        for percentile, dash in DASHES.items():
            drawn = [(x(p["phones"]), y(p[percentile])) for p in points
                     if p[percentile] is not None]
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in drawn)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                       f'stroke-width="2" stroke-dasharray="{dash}"/>')
            out += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>'
                    for px, py in drawn]
            out.append(f'<line x1="{WIDTH - RIGHT + 15}" x2="{WIDTH - RIGHT + 45}" '
                       f'y1="{legend_y}" y2="{legend_y}" stroke="{colour}" stroke-width="2" '
                       f'stroke-dasharray="{dash}"/><text x="{WIDTH - RIGHT + 52}" '
                       f'y="{legend_y + 4}">{escape(target)} {percentile}</text>')
            legend_y += 18
        legend_y += 8
    out.append("</svg>")
    return "\n".join(out) + "\n"
