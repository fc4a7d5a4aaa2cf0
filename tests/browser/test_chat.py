"""The browser chat page end to end: a headless Chromium plays a seller against `neurocards-sandbox`.

Goes through /start, a sample photo, a description, three videos, confirm, the three videos playing,
"More with this product", and a content-policy failure scripted from the side panel that is refunded.
Screenshots of every step go to BROWSER_SCREENSHOTS (default .build/browser-test/screenshots).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
USER = 4242
# Generous bounds: a failure waits this long before it reports, a pass never does.
STEP_TIMEOUT_MS = 30_000
VIDEOS_TIMEOUT_MS = 180_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def page_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def sandbox():
    """`neurocards-sandbox` on free ports with a fresh directory; stopped with SIGINT, which must exit 0."""
    binary = os.environ.get("NEUROCARDS_SANDBOX_BIN") or str(ROOT / ".build/debug/neurocards-sandbox")
    # The postgres user runs the cluster: the directory must be reachable by every user.
    work = Path(tempfile.mkdtemp(prefix="neurocards-browser-"))
    work.chmod(0o755)
    port = free_port()
    log = open(work / "sandbox.log", "w")
    spec = os.environ.get("TELEGRAM_SPEC_PATH") or str(ROOT.parent / "shared/telegram/bot-api-spec.json")
    started = time.monotonic()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--service-port", str(free_port()),
         "--directory", str(work / ".sandbox"), "--generation-seconds", "2-4", "--telegram-spec", spec,
         "--admin-ids", str(USER)],
        cwd=work, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: process.poll() is not None or page_answers(url + "/chat"), 120, "the chat page")
        assert process.poll() is None, "the sandbox exited:\n" + (work / "sandbox.log").read_text()[-4000:]
        print(f"\nsandbox up in {time.monotonic() - started:.1f} s at {url}")
        yield url
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                status = process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                status = "killed after 60 s"
        else:
            status = process.returncode
        log.close()
    assert status == 0, f"the sandbox did not stop cleanly ({status}); log: {work / 'sandbox.log'}"
    assert not (work / ".sandbox/postgres/data/postmaster.pid").exists(), "PostgreSQL was left running"
    shutil.rmtree(work)


@pytest.fixture(scope="module")
def page(sandbox):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        expect.set_options(timeout=STEP_TIMEOUT_MS)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{sandbox}/chat?user={USER}&name=Playwright&lang=en")
        yield page
        browser.close()
        assert not errors, f"the page raised JavaScript errors: {errors}"


class Screenshots:
    def __init__(self, page: Page):
        self.page = page
        self.folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or ROOT / ".build/browser-test/screenshots")
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.count = 0

    def take(self, name: str):
        self.count += 1
        self.page.screenshot(path=self.folder / f"{self.count:02d}-{name}.png")


def bot_messages(page: Page):
    return page.locator(".msg.from-bot")


def send_text(page: Page, text: str):
    page.fill("#text-input", text)
    page.click("#send-button")


def tap(page: Page, callback_selector: str):
    """Taps the inline button on the newest bot message that has one matching the callback data selector."""
    page.locator(f"button.kb[data-callback{callback_selector}]").last.click()


def test_seller_gets_three_videos_then_a_refunded_policy_failure(page: Page):
    shots = Screenshots(page)
    print(f"screenshots: {shots.folder}")
    started = time.monotonic()

    send_text(page, "/start")
    expect(bot_messages(page).last).to_contain_text("Balance: 100")
    expect(page.locator("#balance")).to_have_text("100")
    shots.take("start")

    tap(page, '="m:create"')
    expect(bot_messages(page).last).to_contain_text("Send a photo of your product")
    shots.take("create")

    page.click('[data-sample="mug"]')
    expect(page.locator(".msg.from-user img").last).to_be_visible()
    expect(bot_messages(page).last).to_contain_text("Use this description, type your own, or skip")
    shots.take("photo")

    send_text(page, "white ceramic mug, 350 ml")
    options = bot_messages(page).filter(has_text="Choose the number of videos").last
    expect(options).to_contain_text("white ceramic mug")
    shots.take("description")

    card_id = options.get_attribute("data-message-id")
    tap(page, '$=":n3"')
    card = page.locator(f'.msg[data-message-id="{card_id}"]')
    expect(card.locator('button.kb[data-callback$=":n3"]')).to_have_text("✅ 3")
    expect(card).to_contain_text("Cost 30")
    expect(card).to_contain_text("edited")
    shots.take("three-videos-chosen")

    tap(page, '$=":go"')
    confirmed = time.monotonic()
    expect(bot_messages(page).filter(has_text="accepted").last).to_be_visible()
    expect(page.locator("#balance")).to_have_text("70")
    shots.take("confirmed")

    videos = page.locator(".msg.from-bot video")
    expect(videos.first).to_be_attached(timeout=VIDEOS_TIMEOUT_MS)
    first_video = time.monotonic() - confirmed
    expect(videos).to_have_count(3, timeout=VIDEOS_TIMEOUT_MS)
    all_videos = time.monotonic() - confirmed
    try:
        page.wait_for_function(
            "() => [...document.querySelectorAll('.msg.from-bot video')].every(v => v.readyState >= 1 && v.duration > 0)",
            polling=250)
    except Exception:
        states = videos.evaluate_all(
            "vs => vs.map(v => ({ready: v.readyState, network: v.networkState, error: v.error && v.error.message, src: v.src}))")
        raise AssertionError(f"the videos did not load: {states}")
    durations = videos.evaluate_all("videos => videos.map(v => v.duration)")
    assert len(durations) == 3 and all(d > 0 for d in durations), durations
    videos.first.evaluate("v => v.play()")
    page.wait_for_function("() => document.querySelector('.msg.from-bot video').currentTime > 0")
    expect(bot_messages(page).filter(has_text="3 of 3 delivered").last).to_be_visible(timeout=VIDEOS_TIMEOUT_MS)
    shots.take("three-videos-delivered")
    print(f"time to first video: {first_video:.1f} s; to all three: {all_videos:.1f} s; durations {durations}")

    tap(page, '^="r:"')
    again = bot_messages(page).filter(has_text="Choose the number of videos").last
    expect(again).to_contain_text("white ceramic mug")
    again_id = again.get_attribute("data-message-id")
    assert again_id != card_id, "More with this product must open a new options card"
    shots.take("more-with-this-product")

    page.click('[data-outcome="contentPolicy"]')
    expect(page.locator("#script-log")).to_contain_text("Content policy")
    tap(page, '$=":n1"')
    expect(page.locator(f'.msg[data-message-id="{again_id}"] button.kb[data-callback$=":n1"]')).to_have_text("✅ 1")
    tap(page, '$=":go"')
    expect(page.locator("#balance")).to_have_text("60")
    shots.take("policy-failure-scripted")

    refunded = bot_messages(page).filter(has_text=re.compile("1 refunded"))
    expect(refunded.last).to_be_visible(timeout=VIDEOS_TIMEOUT_MS)
    expect(refunded.last).to_contain_text("refused the photo or scene")
    expect(page.locator("#balance")).to_have_text("70")
    expect(page.locator("#ledger-table")).to_contain_text("refund")
    expect(page.locator("#ledger-check")).to_contain_text("✓")
    expect(page.locator("#videos-table")).to_contain_text("user_error")
    assert page.locator(".msg.from-bot video").count() == 3, "the refused video must not be delivered"
    shots.take("policy-failure-refunded")

    send_text(page, "/balance")
    expect(bot_messages(page).last).to_contain_text("Buy credits with Telegram Stars")
    tap(page, '="b:100:50"')
    invoice = page.locator(".msg.from-bot", has=page.locator(".invoice")).last
    expect(invoice).to_contain_text("100 credits")
    shots.take("invoice")
    invoice.locator("button.kb").last.click()
    expect(bot_messages(page).filter(has_text="Payment received: +100").last).to_be_visible()
    expect(page.locator("#balance")).to_have_text("170")
    expect(page.locator("#ledger-table")).to_contain_text("purchase")
    expect(page.locator("#ledger-check")).to_contain_text("✓")
    shots.take("purchase")

    # The same seller is an operator here: they look the purchase up and refund it.
    send_text(page, f"/user {USER}")
    report = bot_messages(page).filter(has_text="Purchases").last
    expect(report).to_contain_text("not refunded")
    charge = re.search(r"(stx\S+) ·", report.inner_text()).group(1)
    send_text(page, f"/refund {charge}")
    expect(bot_messages(page).filter(has_text="was refunded in Stars").last).to_be_visible()
    expect(page.locator("#balance")).to_have_text("70")
    expect(page.locator("#ledger-table")).to_contain_text("purchase_refund")
    expect(page.locator("#ledger-check")).to_contain_text("✓")
    shots.take("purchase-refunded")
    print(f"browser walk-through: {time.monotonic() - started:.1f} s")
