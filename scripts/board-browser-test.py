#!/usr/bin/env python3
"""The vision board in a real browser: headless Chromium (Debian's package) driven by
Selenium with Debian's chromium-driver, against the real `entente` binary.

It seeds a three-member collective (the demo's replicas, plus a little of everything
recorded through the command line), serves Alice's replica with `entente serve` and opens
her board with `entente board --no-open --port 0`. Then it checks every view is there, adds
a commitment through the form, syncs Bob's replica into Alice's and waits for his new
commitment to appear without a reload, switches to French, and checks the security rules
(token, Host, CSRF, escaping) over plain HTTP. Screenshots of each view go to
SCREENSHOTS (default .build/board-screenshots). Everything stays on 127.0.0.1.

Usage: scripts/board-browser-test.py [path/to/entente]
Ends with the line "N passed, N failed"; exits 1 when anything failed.
"""
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "entente")
SHOTS = os.environ.get("SCREENSHOTS", os.path.join(ROOT, ".build", "board-screenshots"))
# Bounds: every wait below is at most this long; the whole run is bounded by CI's timeout.
WAIT = 20
# Discovery, were anything to announce, stays on loopback.
os.environ["ENTENTE_DISCOVERY_INTERFACE"] = "127.0.0.1"
# The command line speaks English, as the checks below read it (the board follows the browser).
os.environ["ENTENTE_LANG"] = "en"

LAST_PAGE = []
passed = 0
failed = 0
processes = []


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def entente(*args, replica=None):
    command = [BINARY, *args] + (["--replica", replica] if replica else [])
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {result.stdout}{result.stderr}")
    return result.stdout


def start(*args, replica):
    """Starts a long-running entente command; returns it and its first output line."""
    process = subprocess.Popen([BINARY, *args, "--replica", replica], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    processes.append(process)
    line = process.stdout.readline().strip()
    if not line:
        raise RuntimeError(f"entente {' '.join(args)} printed nothing")
    return process, line


def seed(root):
    out = entente("demo", "--keep")
    match = re.search(r"The replicas are in (\S+) ", out)
    if not match:
        raise RuntimeError("entente demo --keep did not say where the replicas are")
    demo = match.group(1)
    for name in ["alice", "bob", "carol"]:
        shutil.move(os.path.join(demo, name), os.path.join(root, name))
    shutil.rmtree(demo, ignore_errors=True)
    alice, bob, carol = (os.path.join(root, n) for n in ["alice", "bob", "carol"])
    entente("stage", "add", "Discovery", "--goal", "Know each other", "--entry", "Expectations said", "--exit", "A first tender chosen",
            "--status", "done", "--start", "2026-09-01", "--end", "2026-10-15", replica=alice)
    entente("stage", "add", "Pilot", "--goal", "One joint contract", "--entry", "Roles agreed", "--exit", "Contract delivered",
            "--status", "active", "--start", "2026-10-16", replica=alice)
    entente("strength", "add", "Public tenders", "--type", "strength", replica=alice)
    entente("strength", "add", "Accounting", "--type", "need", replica=alice)
    entente("phase", "add", "euphoria", "--on", "2026-10-01", replica=alice)
    entente("phase", "add", "performance", "--on", "2026-11-10", replica=alice)
    entente("risk", "add", "Bob may leave for a salaried job", "--zone", "defection", "--likelihood", "3", "--impact", "5", replica=alice)
    entente("contribution", "add", "Wrote the tender answer", "--effort", "30", replica=alice)
    entente("contribution", "value", "Wrote the tender answer", "3000", replica=alice)
    entente("merge", alice, replica=bob)
    entente("merge", alice, replica=carol)
    entente("strength", "add", "Design", "--type", "strength", replica=bob)
    entente("strength", "add", "Accounting", "--type", "offer", replica=bob)
    entente("strength", "add", "Sales", "--type", "weakness", replica=bob)
    entente("phase", "add", "crisis", "--on", "2026-11-20", "--note", "The fee split went badly", replica=bob)
    entente("contribution", "value", "Wrote the tender answer", "900", replica=bob)
    entente("stage", "engage", "Pilot", "--entry-terms", "Two days a week", "--exit-terms", "May leave after delivery", replica=bob)
    entente("phase", "add", "performance", "--on", "2026-11-15", replica=carol)
    entente("risk", "add", "We value the writing differently", "--zone", "value-of-work", "--likelihood", "4", "--impact", "4", replica=carol)
    entente("decision", "propose", "Nous répondons à l'appel d'offres ensemble", "--driver", "Aucun de nous ne peut seul", replica=alice)
    entente("merge", alice, replica=carol)
    entente("decision", "stance", "Nous répondons à l'appel d'offres ensemble", "object", "--reason", "Le délai est trop court", replica=carol)
    entente("merge", bob, replica=alice)
    entente("merge", carol, replica=alice)
    entente("merge", alice, replica=bob)
    return alice, bob, carol


def request(port, method, path, host=None, cookie=None, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    all_headers = {"Host": host or f"127.0.0.1:{port}"}
    if cookie:
        all_headers["Cookie"] = f"entente_board={cookie}"
    if body is not None:
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    all_headers.update(headers or {})
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, text


def main():
    root = tempfile.mkdtemp(prefix="entente-board-browser-")
    os.makedirs(SHOTS, exist_ok=True)
    driver = None
    try:
        alice, bob, _ = seed(root)
        _, listening = start("serve", "--bind", "127.0.0.1", "--port", "0", replica=alice)
        serve_port = int(listening.rsplit(":", 1)[1])
        _, url = start("board", "--no-open", "--port", "0", "--no-meet", replica=alice)
        check("the board prints its address first", url.startswith("http://127.0.0.1:") and "token=" in url, url)
        parsed = urllib.parse.urlparse(url)
        port = parsed.port
        token = urllib.parse.parse_qs(parsed.query)["token"][0]

        def browser(size, language):
            options = webdriver.ChromeOptions()
            options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
            for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={size}",
                         f"--lang={language}", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--metrics-recording-only"]:
                options.add_argument(flag)
            options.add_experimental_option("prefs", {"intl.accept_languages": f"{language},{language.split('-')[0]}"})
            made = webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
            made.set_page_load_timeout(WAIT)
            return made

        driver = browser("1280,1000", "en-US")
        # The live update swaps <main> while a check may hold it: such a check is retried.
        # A page updated live can swap an element between finding it and reading it: chromedriver
        # reports that as a stale element or, sometimes, as "Node with given id does not belong to
        # the document" (a plain WebDriverException; seen once in CI, 2026-12-07). A wait retries
        # both; what it waits for must still come true within WAIT seconds, or it fails.
        wait = WebDriverWait(driver, WAIT, ignored_exceptions=[StaleElementReferenceException, WebDriverException])

        def text(selector):
            for _ in range(20):
                try:
                    return driver.find_element(By.CSS_SELECTOR, selector).text
                except StaleElementReferenceException:
                    time.sleep(0.1)
            return ""


        driver.get(url)
        check("the token leaves the address bar", "token=" not in driver.current_url, driver.current_url)
        check("the landing view is what needs attention", "need attention" in text("main h2"),
              text("main h2"))
        driver.save_screenshot(os.path.join(SHOTS, "status.png"))

        views = {
            "vision": ".statement .run", "expectations": "section.expectations", "complementarities": "svg.matrix .chip",
            "stages": "svg.timeline .stage", "phases": "svg.phase-chart .dot", "commitments": ".columns .column",
            "risks": ".heatmap svg .marker", "contributions": "table.valuations td.value", "decisions": ".decision .stance.object", "log": "ol.lines li",
        }
        for view, selector in views.items():
            driver.get(f"http://127.0.0.1:{port}/{view}")
            found = driver.find_elements(By.CSS_SELECTOR, selector)
            check(f"the {view} view is drawn", len(found) > 0, selector)
            driver.save_screenshot(os.path.join(SHOTS, f"{view}.png"))
            if view == "log":
                # Each change told from its operations; the demo typed one note, shown after its words.
                # (Read here: one more page would leave one more live stream open, and 16 is the most.)
                lines = text("ol.lines")
                check("the log tells changes in words", "Alice recorded a commitment “Draft the tender answer”" in lines, lines[:400])
                notes = [element.text for element in driver.find_elements(By.CSS_SELECTOR, "ol.lines q.note")]
                check("the log shows the one note typed, after its words", notes == ["my own perception, after the budget meeting"], notes)
        driver.get(f"http://127.0.0.1:{port}/complementarities")
        check("the matrix marks a covered need", len(driver.find_elements(By.CSS_SELECTOR, "svg.matrix rect.ring.covered")) > 0)
        check("the matrix marks a gap", len(driver.find_elements(By.CSS_SELECTOR, "svg.matrix rect.ring.gap")) > 0)
        driver.get(f"http://127.0.0.1:{port}/phases")
        check("the phase chart marks the disagreement", "do not see the same phase" in driver.page_source)
        driver.get(f"http://127.0.0.1:{port}/contributions")
        check("a value disagreement is flagged", len(driver.find_elements(By.CSS_SELECTOR, "tr.flagged")) > 0)

        # A commitment through the form.
        driver.get(f"http://127.0.0.1:{port}/commitments")
        driver.find_element(By.ID, "commitment-what").send_keys("Book the room for the kick-off")
        driver.find_element(By.CSS_SELECTOR, "form[action='/act/commitment'] button").click()
        LAST_PAGE[:] = [driver.current_url]
        wait.until(lambda d: "Book the room for the kick-off" in d.find_element(By.ID, "main").text)
        check("the form's commitment is on the board", "Book the room for the kick-off" in text("#main"))
        check("the form says what it recorded", "Recorded commitment" in text(".flash"))
        log = entente("log", "--limit", "1", replica=alice)
        check("the form made one signed change by Alice", "Alice recorded a commitment “Book the room for the kick-off”" in log, log)
        newest = json.loads(entente("log", "--json", "--limit", "1", replica=alice))[0]
        check("the form's change stores no generated message", newest["message"] == "", newest)

        # Bob's commitment arrives by sync, without a reload; his title carries markup.
        wait.until(lambda d: d.execute_script("return !document.getElementById('live').hidden"))
        driver.execute_script("window.__sameDocument = 'yes';")
        hostile = "<script>window.__pwned=1</script><b>Bold</b> offer"
        entente("commitment", "add", "Send the invoice to the client", replica=bob)
        entente("commitment", "add", hostile, replica=bob)
        entente("sync", f"127.0.0.1:{serve_port}", replica=bob)
        try:
            wait.until(lambda d: "Send the invoice to the client" in d.find_element(By.ID, "main").text)
            arrived = True
        except Exception:
            arrived = False
        check("a synced change appears without a reload", arrived and driver.execute_script("return window.__sameDocument") == "yes")
        check("a title with markup is shown as text", hostile in text("#main"))
        check("a title with markup runs no script", driver.execute_script("return window.__pwned === undefined"))
        check("a title with markup adds no element", len(driver.find_elements(By.CSS_SELECTOR, "main b")) == 0)
        driver.save_screenshot(os.path.join(SHOTS, "commitments-after-sync.png"))

        # "Sync now": Bob serves his replica, Alice knows him as a peer, and pulls his news.
        _, bob_listening = start("serve", "--bind", "127.0.0.1", "--port", "0", replica=bob)
        entente("peer", "add", "bob", bob_listening.rsplit(" ", 1)[1], replica=alice)
        entente("commitment", "add", "Hire a designer for the logo", replica=bob)
        driver.find_element(By.CSS_SELECTOR, "form[action='/act/sync'] button").click()
        wait.until(lambda d: "synced with" in d.find_element(By.CSS_SELECTOR, ".flash").text)
        check("Sync now says what it exchanged", "synced with Bob" in text(".flash"), text(".flash"))
        wait.until(lambda d: "Hire a designer for the logo" in d.find_element(By.ID, "main").text)
        check("Sync now brings the peer's changes", "Hire a designer for the logo" in text("#main"))

        # French.
        driver.find_element(By.CSS_SELECTOR, "p.languages a[href='?lang=fr']").click()
        wait.until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr")
        check("the page switches to French", "Qui s'est engagé à quoi" in text("main h2"))
        driver.get(f"http://127.0.0.1:{port}/")
        check("French stays chosen", driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr")
        check("the navigation is in French", "Engagements" in driver.find_element(By.TAG_NAME, "nav").text)
        driver.save_screenshot(os.path.join(SHOTS, "status-fr.png"))

        # The security rules, over plain HTTP.
        status, _ = request(port, "GET", "/")
        check("a request without the token gets 403", status == 403, status)
        status, _ = request(port, "GET", "/", host=f"rebinding.example:{port}", cookie=token)
        check("a request for another Host gets 403", status == 403, status)
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', request(port, "GET", "/", cookie=token)[1]).group(1)
        count = entente("log", replica=alice).count("\n")
        status, _ = request(port, "POST", "/act/commitment", cookie=token, body="back=%2F&what=Forged")
        check("a POST without the CSRF token gets 403", status == 403, status)
        status, _ = request(port, "POST", "/act/commitment", cookie=token, body=f"csrf={csrf}&back=%2F&what=Forged",
                            headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"})
        check("a cross-site POST gets 403", status == 403, status)
        check("refused requests record nothing", entente("log", replica=alice).count("\n") == count)

        # A 390-pixel phone, in French: no page scrolls sideways, the header stays short.
        driver.quit()
        driver = browser("390,844", "fr-FR")
        driver.get(url)
        wide = []
        tall = []
        for view in ["", "vision", "expectations", "complementarities", "stages", "phases", "commitments", "risks",
                     "contributions", "decisions", "members", "log"]:
            driver.get(f"http://127.0.0.1:{port}/{view}")
            if view == "members":
                devices = driver.find_elements(By.CSS_SELECTOR, "table.members td code")
                check("the members page lists each device", len(devices) >= 2 and "Membres et appareils" in text("main h2"), text("main h2"))
            overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 1:
                wide.append(f"{view or 'status'} +{overflow}px")
            top = driver.execute_script("var n = document.querySelector('nav'); return n ? n.getBoundingClientRect().bottom : 0")
            if top > 160:
                tall.append(f"{view or 'status'} {top}px")
            driver.save_screenshot(os.path.join(SHOTS, f"phone-{view or 'status'}.png"))
        check("at 390 px no page scrolls sideways", not wide, ", ".join(wide))
        check("at 390 px the header and navigation take at most 160 px", not tall, ", ".join(tall))
    finally:
        if driver is not None:
            driver.quit()
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(root, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # a failed step is a failed run, with its reason
        print(f"FAIL the browser test stopped: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
        print(LAST_PAGE[0][:3000] if LAST_PAGE else "")
        print(f"{passed} passed, {failed + 1} failed")
        sys.exit(1)
