"""Retake the README screenshot: python docs/screenshot.py output/timeline.html docs/screenshot.png"""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
src, out = sys.argv[1], sys.argv[2]
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
    page = b.new_page(viewport={"width": 1200, "height": 900}, device_scale_factor=1)
    page.goto(Path(src).resolve().as_uri())
    page.wait_for_selector("body[data-ready=true]")
    best = page.evaluate("""() => { const d = JSON.parse(document.getElementById('tracker-data').textContent);
        return d.events.filter(e => e.start).sort((a, b) => b.n_outlets - a.n_outlets)[0].title }""")
    page.locator("#events-table tbody tr", has_text=best).first.click()
    page.wait_for_selector("#panel:not([hidden])")
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator("#panel").bounding_box()
    page.screenshot(path=out, full_page=True, clip={"x": 0, "y": 0, "width": 1200, "height": min(box["y"] + box["height"] + 10, 1500)})
    print(best)
    b.close()
