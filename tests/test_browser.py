"""The preview and the HTML export in a real browser: headless Chromium from Debian, driven by
Selenium through the system's chromedriver (no browser download).  Screenshots and the
printed PDF are kept in build/screenshots/ to look at."""
import base64
import json
import re
import shutil

import pypdfium2
import pytest

from conftest import PLANS, ROOT, need_tool
from docx_xml import Package, text
from planforge.compose import compose_plan
from planforge.layout import MM_PER_PT, Layout
from planforge.load import load_plan
from planforge.preview import Preview, PreviewServer
from planforge.templating import Templates
from planforge.writers.docx import write_docx

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SHOTS = ROOT / "build" / "screenshots"
WAIT = 20  # seconds a condition may take before the test gives up (a limit, not a measurement)
CHROMIUM = "chromium chromium-driver"


@pytest.fixture(scope="module")
def browser():
    binary, driver = need_tool("chromium", CHROMIUM), need_tool("chromedriver", CHROMIUM)
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--hide-scrollbars", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    chrome = webdriver.Chrome(options=options, service=Service(driver))
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield chrome
    chrome.quit()


@pytest.fixture
def plan(tmp_path):
    for name in ("2024.yaml", "org.yaml"):
        shutil.copy(PLANS / name, tmp_path / name)
    return tmp_path / "2024.yaml"


def _docx_paragraphs(plan_path):
    plan = load_plan(plan_path).plan
    return [text(p) for p in Package(write_docx(compose_plan(plan, Templates()), plan.org, Templates())).paragraphs()]


def _texts(browser, selector):
    """The visible texts, read in one go (the preview may swap the document in between two reads)."""
    return browser.execute_script("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText)", selector)


def _until(browser, condition, message):
    return WebDriverWait(browser, WAIT, poll_frequency=0.1).until(lambda _: condition(), message)


def test_preview_follows_the_plan(browser, plan):
    server = PreviewServer(Preview(plan)).start()
    try:
        browser.set_window_size(1280, 1000)
        browser.get(server.url)
        docx = _docx_paragraphs(plan)
        assert browser.find_element(By.CSS_SELECTOR, "h1").text == load_plan(plan).plan.full_title
        assert _texts(browser, "main h2:not(.title)") == [t for t in docx if re.match(r"^[一二三四五六七八九十]+、", t)]
        assert _texts(browser, "p.task > .number") == [re.match(r"^\d+\.", t).group() for t in docx
                                                        if re.match(r"^\d+\.", t)]
        browser.save_screenshot(str(SHOTS / "preview-wide.png"))
        browser.execute_script("window.notReloaded = true")  # gone if the page reloads instead of updating

        original = plan.read_text(encoding="utf-8")
        plan.write_text(original.replace("把牢教育发展方向", "把牢正确方向"), encoding="utf-8")
        _until(browser, lambda: _texts(browser, "main h2:not(.title)")[0] == "一、加强党的建设，把牢正确方向",
               "the edited heading did not appear")

        plan.write_text(original.replace("year: 2024", "year: 两千"), encoding="utf-8")
        errors = browser.find_element(By.ID, "pf-errors")
        _until(browser, errors.is_displayed, "the errors were not shown")
        line = original.splitlines().index("year: 2024") + 1
        assert f"{plan}:{line}:7: 错误: [PF102] “year”应为整数" in errors.text
        assert _texts(browser, "main h2:not(.title)")[0] == "一、加强党的建设，把牢正确方向"  # the last good render
        assert "stale" in browser.find_element(By.CSS_SELECTOR, "main").get_attribute("class")
        browser.save_screenshot(str(SHOTS / "preview-error.png"))

        plan.write_text(original, encoding="utf-8")
        _until(browser, lambda: not errors.is_displayed(), "the errors stayed after the fix")
        _until(browser, lambda: _texts(browser, "main h2:not(.title)")[0] == "一、加强党的建设，把牢教育发展方向",
               "the fixed plan did not come back")
        assert "stale" not in browser.find_element(By.CSS_SELECTOR, "main").get_attribute("class")
        assert browser.execute_script("return window.notReloaded") is True

        browser.find_element(By.LINK_TEXT, "印发通知").click()
        _until(browser, lambda: browser.current_url.endswith("/notice"), "the notice tab did not open")
        assert browser.find_element(By.CSS_SELECTOR, "h1").text.startswith("关于印发《")
        assert browser.find_element(By.CSS_SELECTOR, ".doc-number").text == "示教工委发〔2024〕2号"
    finally:
        server.stop()


@pytest.fixture
def exported(cli, plan):
    code, _, err = cli("render", plan, "--to", "html,notice-html", "-o", plan.parent / "out")
    assert code == 0, err
    return plan.parent / "out"


def _requests(browser):
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.mark.parametrize("name", ["2024.html", "2024-notice.html"])
def test_export_fetches_nothing(browser, exported, name):
    page = (exported / name).as_uri()
    browser.get_log("performance")  # drop what earlier tests left
    browser.get(page)
    assert browser.find_element(By.CSS_SELECTOR, "h1").is_displayed()
    assert _requests(browser) == [page]
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_export_on_a_phone_and_a_wide_screen(browser, exported):
    page = (exported / "2024-notice.html").as_uri()
    browser.set_window_size(390, 844)
    browser.get(page)
    browser.save_screenshot(str(SHOTS / "notice-narrow.png"))
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    mark = browser.find_element(By.CSS_SELECTOR, ".mark")
    assert browser.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth", mark)
    body_px = browser.execute_script("return parseFloat(getComputedStyle(document.querySelector('main p:not([class])')).fontSize)")
    assert 16 <= body_px <= 20  # readable without zooming, and a line still holds a dozen characters

    browser.set_window_size(1280, 1000)
    browser.get((exported / "2024.html").as_uri())
    browser.save_screenshot(str(SHOTS / "plan-wide.png"))
    L = Layout()
    width = browser.execute_script(
        "const s = getComputedStyle(document.querySelector('main')); return parseFloat(s.width)")
    assert width == pytest.approx(L.type_width_mm / 25.4 * 96, abs=1)  # the type area's width: a line as in print


def _print(browser, page):
    browser.get(page.as_uri())
    result = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    path = SHOTS / (page.stem + "-print.pdf")
    path.write_bytes(base64.b64decode(result["data"]))
    return pypdfium2.PdfDocument(str(path))


def test_print_is_a4_with_the_gbt_margins(browser, exported):
    pdf = _print(browser, exported / "2024.html")
    L = Layout()
    assert len(pdf) >= 2
    lefts, rights, tops, bottoms = [], [], [], []
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        assert (width * MM_PER_PT, height * MM_PER_PT) == (pytest.approx(210, abs=0.5), pytest.approx(297, abs=0.5))
        textpage = page.get_textpage()
        for i in range(textpage.count_chars()):
            if textpage.get_text_range(i, 1).strip():
                left, bottom, right, top = textpage.get_charbox(i)
                lefts.append(left), rights.append(right), tops.append(height - top), bottoms.append(height - bottom)
        if index == 0:
            page.render(scale=50 / 72).to_pil().save(SHOTS / "2024-print-1.png")
    mm = lambda values, pick: pick(values) * MM_PER_PT  # noqa: E731
    assert mm(lefts, min) == pytest.approx(L.margin_left_mm, abs=1)  # 订口 28 mm: headings and table start there
    assert mm(rights, max) <= L.margin_left_mm + L.type_width_mm + 0.5
    assert mm(rights, max) >= L.margin_left_mm + L.type_width_mm - 2  # justified lines reach the right edge
    assert mm(tops, min) >= L.margin_top_mm
    assert mm(bottoms, max) <= L.margin_top_mm + L.type_height_mm + 0.5


def test_lint_findings_are_marked_in_the_text(browser, plan):
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("title: 坚持党对教育工作的全面领导", "title: 坚持党对教育工作的全面领导,强化统筹")
                    .replace("议事规则，", "议事规则...，"), encoding="utf-8")
    server = PreviewServer(Preview(plan, lint=True)).start()
    try:
        browser.set_window_size(1280, 1000)
        browser.get(server.url)
        box = browser.find_element(By.ID, "pf-lint")
        _until(browser, box.is_displayed, "the lint findings were not listed")
        marks = browser.execute_script(
            "return [...document.querySelectorAll('main mark.pf-lint')].map(m => [m.innerText, m.title,"
            " m.closest('p').className, m.parentElement.innerText])")
        assert [(m[0], m[2]) for m in marks] == [(",", "task"), ("...", "task")]
        assert "[PF301]" in marks[0][1] and "[PF302]" in marks[1][1]
        assert marks[0][3] == "坚持党对教育工作的全面领导,强化统筹。"  # the run-in title, marked at the comma
        browser.execute_script("document.getElementById('pf-lint-0').scrollIntoView({block: 'center'})")
        browser.save_screenshot(str(SHOTS / "preview-lint.png"))
        plan.write_text(text, encoding="utf-8")  # fixed: the marks and the list go
        _until(browser, lambda: not box.is_displayed(), "the lint findings stayed after the fix")
        assert _texts(browser, "main mark") == []
    finally:
        server.stop()


def test_printed_notice_places_the_mark_and_keeps_the_signature_with_the_body(browser, exported):
    pdf = _print(browser, exported / "2024-notice.html")
    L = Layout()
    first = pdf[0]
    height = first.get_size()[1]
    textpage = first.get_textpage()
    tops = [height - textpage.get_charbox(i)[3] for i in range(textpage.count_chars())
            if textpage.get_text_range(i, 1).strip()]
    # 发文机关标志: its top edge 35 mm under the type area's (7.2.4)
    assert L.margin_top_mm + L.mark_top_mm <= min(tops) * MM_PER_PT < L.margin_top_mm + L.mark_top_mm + 10
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    (signed,) = [text for text in pages if re.search(r"2024年2月26日(?!印发)", text)]  # the date, not the 版记's
    assert "印发给你们" in signed  # the last paragraph of the body goes with the signature (7.3.5.4)
