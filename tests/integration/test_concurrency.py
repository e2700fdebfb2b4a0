"""Several tabs of one browser send requests in parallel with the same
cookie (SPEC 7): a long request that started before a ping must not leave
the browser with a stamp older than the ping's."""
import threading
import time

import requests

from conftest import sign_in

PING = "/session_security/ping"


def tab_of(browser):
    """Another tab of the same browser: the cookies as they are now."""
    tab = requests.Session()
    tab.cookies.update(browser.cookies)
    return tab


def session_cookie(response):
    """The session cookie a response sets, or None."""
    return response.cookies.get("session")


def test_long_request_does_not_roll_back_a_ping(server):
    browser = sign_in(server)
    time.sleep(1.1)
    browser.get(server.url("/app/cgi/hello.cgi"))
    time.sleep(1.1)  # past the throttle: the slow request stamps the session

    slow_result = {}

    def slow_tab():
        response = tab_of(browser).get(server.url("/app/cgi/slow.cgi?3"))
        slow_result["status"] = response.status_code
        slow_result["cookie"] = session_cookie(response)
        slow_result["at"] = time.time()

    thread = threading.Thread(target=slow_tab)
    thread.start()
    time.sleep(1.5)  # the slow request is running; another tab pings
    ping = tab_of(browser).get(server.url(PING + "?idleFor=0"))
    assert ping.json() == 0
    ping_time = time.time()
    thread.join()
    assert slow_result["status"] == 200 and slow_result["at"] > ping_time
    # It wrote the session (started as activity), after the ping answered.
    assert slow_result["cookie"] is not None
    # The browser's cookie jar applies the Set-Cookie headers in the order
    # the responses arrive: the ping's, then the slow request's, if any.
    final = tab_of(browser)
    for cookie in (session_cookie(ping), slow_result["cookie"]):
        if cookie is not None:
            final.cookies.set("session", cookie,
                              domain=list(browser.cookies)[0].domain, path="/")
    idle = final.get(server.url(PING)).json()  # passive: reads, never extends
    assert isinstance(idle, int)
    assert idle <= time.time() - ping_time + 1, (idle, time.time() - ping_time)


def test_parallel_requests_of_one_session_stay_signed_in(server):
    browser = sign_in(server)
    statuses = []
    lock = threading.Lock()

    def tab(n):
        s = tab_of(browser)
        for i in range(10):
            path = ("/app/cgi/hello.cgi", PING + "?idleFor=0", "/app/")[(n + i) % 3]
            code = s.get(server.url(path)).status_code
            with lock:
                statuses.append(code)

    threads = [threading.Thread(target=tab, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses.count(200) == len(statuses) == 60
