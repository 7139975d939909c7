"""Renders the web app manifest's PNG icons from the SVGs in frontend/icons/ with headless Chromium.

Run after changing an icon SVG: `uv run python scripts/render_icons.py`; commit the PNGs.
"""

import base64
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parents[1] / "frontend" / "icons"
RENDERS = [
    ("icon.svg", "icon-192.png", 192),
    ("icon.svg", "icon-512.png", 512),
    ("icon-maskable.svg", "icon-maskable-512.png", 512),
]

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
    )
    for source, target, size in RENDERS:
        page = browser.new_page(viewport={"width": size, "height": size})
        svg = base64.b64encode((ICONS / source).read_bytes()).decode()
        page.set_content(
            "<style>html,body{margin:0;background:transparent}</style>"
            f'<img src="data:image/svg+xml;base64,{svg}" width="{size}" height="{size}">'
        )
        page.wait_for_load_state("load")
        page.screenshot(path=str(ICONS / target), omit_background=True)
        page.close()
    browser.close()
