"""The browser chat page end to end: a headless Chromium plays a seller against `neurocards-sandbox`.

Goes through /start, a sample photo sent with a caption, the proposed description, five videos, confirm, the
status message's progress, the five videos (each made from the photo, each its own scene: their frames are compared
with ffmpeg), "More with this product", a content-policy failure scripted from the side panel that is refunded, and
a purchase in Stars refunded by the operator. Screenshots of every step go to BROWSER_SCREENSHOTS (default
.build/browser-test/screenshots); the finished order is also saved as docs/sandbox-chat.png, the README's picture.
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
CAPTION = "red shoe box, size 42"
DOCS_SCREENSHOT = ROOT / "docs/sandbox-chat.png"
DOCS_SCREENSHOT_MAX_BYTES = 300_000
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


def fonts_drawing(page: Page, selector: str) -> set:
    """The font families Chromium really used for the text of the element (DevTools' platform fonts)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    document = session.send("DOM.getDocument", {"depth": -1})
    node = session.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    session.detach()
    return {font["familyName"] for font in fonts}


def download(base: str, path: str, folder: Path, name: str) -> Path:
    target = folder / name
    with urllib.request.urlopen(base + path, timeout=10) as response:
        target.write_bytes(response.read())
    return target


def ffmpeg_frame(path: Path, seconds: float, video_filter: str, pixel_format: str) -> bytes:
    # A seek, even to 0, leaves a still image with no frame at all.
    seek = ["-ss", str(seconds)] if seconds > 0 else []
    frame = subprocess.run(
        ["ffmpeg", "-v", "error", *seek, "-i", str(path), "-frames:v", "1", "-vf", video_filter,
         "-f", "rawvideo", "-pix_fmt", pixel_format, "-"], check=True, capture_output=True, timeout=30).stdout
    assert frame, f"ffmpeg found no frame at {seconds} s in {path}"
    return frame


def middle_colour(path: Path, seconds: float = 0, framing: str = "") -> tuple:
    """The average colour of the middle half of the frame (16x16 samples averaged here: ffmpeg's scaling straight
    to one pixel samples a large frame rather than averaging it)."""
    pixels = ffmpeg_frame(path, seconds, framing + "crop=iw/2:ih/2,scale=16:16:flags=area", "rgb24")
    return tuple(sum(pixels[channel::3]) / (len(pixels) // 3) for channel in range(3))


def thumbnail(path: Path, seconds: float) -> bytes:
    return ffmpeg_frame(path, seconds, "scale=16:16:flags=area", "gray")


def distance(first: tuple, second: tuple) -> float:
    return sum((a - b) ** 2 for a, b in zip(first, second)) ** 0.5


def difference(first: bytes, second: bytes) -> float:
    return sum(abs(a - b) for a, b in zip(first, second)) / len(first)


def check_videos_come_from_the_photo(page: Page, sandbox: str, folder: Path):
    """Every video's first frame is the seller's photo as the bot framed it for KIE (padded white to 9:16), and
    the five videos' frames differ from each other's."""
    photo = download(sandbox, page.locator(".msg.from-user img").last.get_attribute("src"), folder, "photo.jpg")
    framed = "scale=720:1280:force_original_aspect_ratio=decrease,pad=720:1280:(ow-iw)/2:(oh-ih)/2:color=white,"
    photo_colour = middle_colour(photo, framing=framed)
    sources = page.locator(".msg.from-bot video").evaluate_all("videos => videos.map(v => v.getAttribute('src'))")
    videos = [download(sandbox, source, folder, f"video-{index}.mp4") for index, source in enumerate(sources)]
    middles = []
    for video in videos:
        first = middle_colour(video)
        assert distance(first, photo_colour) < 20, f"{video.name}'s first frame {first} is not the photo {photo_colour}"
        assert difference(thumbnail(video, 0), thumbnail(video, 4.5)) > 1, f"{video.name} does not move"
        middles.append(thumbnail(video, 2.5))
    for one in range(len(middles)):
        for other in range(one + 1, len(middles)):
            assert difference(middles[one], middles[other]) > 1, f"videos {one} and {other} look alike"
    print(f"the {len(videos)} videos start on the photo (colour distance "
          f"{max(distance(middle_colour(v), photo_colour) for v in videos):.1f} at most) and differ from each other")


def save_docs_screenshot(page: Page, folder: Path):
    """The finished order, chat and side panel, as the README shows it: a viewport tall enough for the whole
    order with compact videos, scaled down and reduced to a palette so the file stays small."""
    size = page.viewport_size
    style = page.add_style_tag(content=".bubble video { width: 140px !important; } .bubble img { max-height: 200px; }")
    # From the seller's photo to the last video, plus the page's header and composer around the messages.
    order_height = page.locator(".msg.from-user", has=page.locator("img")).last.evaluate("""photo => {
        const box = photo.parentElement;
        return box.scrollHeight - (photo.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop);
    }""")
    chrome = page.evaluate("innerHeight - document.getElementById('messages').clientHeight")
    page.set_viewport_size({"width": 1400, "height": int(max(1000, min(order_height + chrome + 24, 2700)))})
    page.evaluate("document.getElementById('messages').scrollTop = 1e9")
    page.evaluate("document.fonts.ready.then(() => true)")
    raw = folder / "docs-raw.png"
    page.screenshot(path=raw)
    page.set_viewport_size(size)
    style.evaluate("node => node.remove()")
    DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(raw), "-vf",
         "scale=900:-2:flags=lanczos,split[a][b];[a]palettegen=max_colors=128[p];[b][p]paletteuse=dither=bayer",
         "-frames:v", "1", str(DOCS_SCREENSHOT)], check=True, timeout=60)
    size_bytes = DOCS_SCREENSHOT.stat().st_size
    assert size_bytes < DOCS_SCREENSHOT_MAX_BYTES, f"{DOCS_SCREENSHOT} is {size_bytes} bytes"
    print(f"README screenshot: {DOCS_SCREENSHOT} ({size_bytes // 1000} KB)")


def test_seller_gets_five_videos_then_a_refunded_policy_failure(page: Page, sandbox: str, tmp_path: Path):
    shots = Screenshots(page)
    print(f"screenshots: {shots.folder}")
    started = time.monotonic()

    send_text(page, "/start")
    expect(bot_messages(page).last).to_contain_text("Balance: 100")
    expect(page.locator("#balance")).to_have_text("100")
    emoji_fonts = {font for font in fonts_drawing(page, 'button.kb[data-callback="m:create"]') if "Emoji" in font}
    assert emoji_fonts, "the buttons' emoji are not drawn with a colour emoji font"
    shots.take("start")

    tap(page, '="m:create"')
    expect(bot_messages(page).last).to_contain_text("Send a photo of your product")
    shots.take("create")

    # The caption typed before tapping a sample goes with the photo; the OpenAI stand-in describes the product
    # in the seller's words, with the photo's colours and orientation.
    page.fill("#text-input", CAPTION)
    page.click('[data-sample="box"]')
    expect(page.locator(".msg.from-user img").last).to_be_visible()
    proposal = bot_messages(page).filter(has_text="Use this description, type your own, or skip").last
    expect(proposal).to_contain_text("Red shoe box, size 42 — red")
    expect(proposal).to_contain_text("portrait shot")
    shots.take("photo")

    card_id = proposal.get_attribute("data-message-id")
    tap(page, '$=":use"')
    card = page.locator(f'.msg[data-message-id="{card_id}"]')
    expect(card).to_contain_text("Choose the number of videos")
    expect(card).to_contain_text("Red shoe box, size 42")
    shots.take("description")

    tap(page, '$=":n5"')
    expect(card.locator('button.kb[data-callback$=":n5"]')).to_have_text("✅ 5")
    expect(card).to_contain_text("Cost 50")
    expect(card).to_contain_text("edited")
    shots.take("five-videos-chosen")

    tap(page, '$=":go"')
    confirmed = time.monotonic()
    status = bot_messages(page).filter(has=page.locator(".progress")).last
    expect(status).to_contain_text("Order #1")
    expect(page.locator("#balance")).to_have_text("50")
    expect(status.locator(".progress .segment")).to_have_count(5)
    expect(status.locator(".progress .segment.state-delivered")).not_to_have_count(0, timeout=VIDEOS_TIMEOUT_MS)
    shots.take("progress")

    videos = page.locator(".msg.from-bot video")
    expect(videos.first).to_be_attached(timeout=VIDEOS_TIMEOUT_MS)
    first_video = time.monotonic() - confirmed
    expect(videos).to_have_count(5, timeout=VIDEOS_TIMEOUT_MS)
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
    assert len(durations) == 5 and all(abs(d - 5) < 0.2 for d in durations), durations
    posters = videos.evaluate_all("""videos => Promise.all(videos.map(v => new Promise(done => {
        const image = new Image();
        image.onload = () => done(image.naturalWidth);
        image.onerror = () => done(0);
        image.src = v.poster;
    })))""")
    assert all(width > 0 for width in posters), f"every video shows its first frame before it plays: {posters}"
    expect(page.locator(".media .duration").first).to_have_text("0:05")
    expect(bot_messages(page).filter(has_text="5 of 5 delivered").last).to_be_visible(timeout=VIDEOS_TIMEOUT_MS)
    expect(status.locator(".progress")).to_have_attribute("aria-valuenow", "5")
    shots.take("five-videos-delivered")
    print(f"time to first video: {first_video:.1f} s; to all five: {all_videos:.1f} s; durations {durations}")
    check_videos_come_from_the_photo(page, sandbox, tmp_path)
    save_docs_screenshot(page, tmp_path)
    page.locator(".media .play").first.click()
    page.wait_for_function("() => document.querySelector('.msg.from-bot video').currentTime > 0")
    expect(page.locator(".media .play").first).to_be_hidden()

    tap(page, '^="r:"')
    again = bot_messages(page).filter(has_text="Choose the number of videos").last
    expect(again).to_contain_text("Red shoe box, size 42")
    again_id = again.get_attribute("data-message-id")
    assert again_id != card_id, "More with this product must open a new options card"
    shots.take("more-with-this-product")

    page.click('[data-outcome="contentPolicy"]')
    expect(page.locator("#script-log")).to_contain_text("Content policy")
    tap(page, '$=":n1"')
    expect(page.locator(f'.msg[data-message-id="{again_id}"] button.kb[data-callback$=":n1"]')).to_have_text("✅ 1")
    tap(page, '$=":go"')
    expect(page.locator("#balance")).to_have_text("40")
    shots.take("policy-failure-scripted")

    refunded = bot_messages(page).filter(has_text=re.compile("1 refunded"))
    expect(refunded.last).to_be_visible(timeout=VIDEOS_TIMEOUT_MS)
    expect(refunded.last).to_contain_text("refused the photo or scene")
    expect(page.locator("#balance")).to_have_text("50")
    expect(page.locator("#ledger-table")).to_contain_text("refund")
    expect(page.locator("#ledger-check")).to_contain_text("✓")
    expect(page.locator("#videos-table")).to_contain_text("user_error")
    assert page.locator(".msg.from-bot video").count() == 5, "the refused video must not be delivered"
    shots.take("policy-failure-refunded")

    send_text(page, "/balance")
    expect(bot_messages(page).last).to_contain_text("Buy credits with Telegram Stars")
    tap(page, '="b:100:50"')
    invoice = page.locator(".msg.from-bot", has=page.locator(".invoice")).last
    expect(invoice).to_contain_text("100 credits")
    expect(invoice.locator(".invoice-amount")).to_have_text("⭐️ 50")
    expect(invoice.locator("button.kb").last).to_have_text("Pay ⭐️ 50")
    shots.take("invoice")
    invoice.locator("button.kb").last.click()
    expect(bot_messages(page).filter(has_text="Payment received: +100").last).to_be_visible()
    expect(page.locator("#balance")).to_have_text("150")
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
    expect(page.locator("#balance")).to_have_text("50")
    expect(page.locator("#ledger-table")).to_contain_text("purchase_refund")
    expect(page.locator("#ledger-check")).to_contain_text("✓")
    shots.take("purchase-refunded")
    print(f"browser walk-through: {time.monotonic() - started:.1f} s")
