"""Checking external links politely: does each address still lead where it did?

``check_links(urls, ...)`` asks every address once, and returns a result with a
reason a person can act on: "404 Not Found", "no answer within 10 seconds",
"certificate problem: ...", "now leads to another website: https://...".

Polite and reliable:
- bounded concurrency (a few requests at once in all), and one request at a time
  to any one host, so a slow or small site is never flooded;
- ``HEAD`` first, then ``GET`` (headers only) where a server refuses ``HEAD``;
- timeouts, and retries with exponential back-off for time-outs, dropped
  connections, 429 and 5xx answers (``Retry-After`` is honoured, up to a cap);
- answers are kept for a day in a JSON file, so a second run within the day asks
  nothing again (time-outs, refused connections and server errors are asked again).

lychee is the usual checker, but it is a Rust binary that pip cannot install on
these machines, and the governance report needs each result as data, next to
the article and line it came from. So this is our own, small, on httpx.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

USER_AGENT = "apollo-clinic-link-check/1 (checks the links of a patient education site)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
HEAD_REFUSED = {403, 405, 501}


@dataclass(frozen=True)
class LinkResult:
    url: str
    ok: bool
    reason: str  # "200 OK", "404 Not Found", "no answer within 10 seconds", ...
    status: int | None = None
    final_url: str | None = None
    checked_at: float = 0.0


def site_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


class Checker:
    def __init__(self, *, timeout: float = 10.0, retries: int = 2, backoff: float = 1.0,
                 max_retry_after: float = 30.0, verify=True, client=None):
        import httpx

        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.max_retry_after = max_retry_after
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(timeout), follow_redirects=True, verify=verify,
            headers={"User-Agent": USER_AGENT}, limits=httpx.Limits(max_connections=16))
        self.host_locks: dict[str, threading.Lock] = {}
        self.locks_lock = threading.Lock()

    def host_lock(self, url: str) -> threading.Lock:
        with self.locks_lock:
            return self.host_locks.setdefault(urlsplit(url).netloc.lower(), threading.Lock())

    def request(self, method: str, url: str):
        if method == "GET":  # headers only: the body is never read
            with self.client.stream("GET", url) as response:
                return response
        return self.client.request(method, url)

    def check(self, url: str) -> LinkResult:
        import httpx

        attempt = 0
        while True:
            wait = None
            try:
                with self.host_lock(url):
                    response = self.request("HEAD", url)
                    if response.status_code in HEAD_REFUSED:
                        response = self.request("GET", url)
                if response.status_code in RETRY_STATUSES and attempt < self.retries:
                    wait = self.retry_after(response)
                else:
                    return self.judge(url, response)
            except httpx.TimeoutException:
                if attempt >= self.retries:
                    return LinkResult(url, False, f"no answer within {self.timeout:g} seconds "
                                      f"({attempt + 1} tries)", checked_at=time.time())
            except httpx.ConnectError as error:
                text = str(error)
                if "CERTIFICATE" in text.upper() or "SSL" in text.upper():
                    return LinkResult(url, False, f"certificate problem: {short(text)}",
                                      checked_at=time.time())
                if attempt >= self.retries:
                    return LinkResult(url, False, f"could not connect: {short(text)}",
                                      checked_at=time.time())
            except httpx.TooManyRedirects:
                return LinkResult(url, False, "redirects in a loop", checked_at=time.time())
            except httpx.HTTPError as error:
                if attempt >= self.retries:
                    return LinkResult(url, False, f"failed: {short(str(error)) or type(error).__name__}",
                                      checked_at=time.time())
            attempt += 1
            time.sleep(wait if wait is not None else self.backoff * 2 ** (attempt - 1))

    def retry_after(self, response) -> float:
        value = response.headers.get("Retry-After", "")
        seconds = float(value) if value.strip().isdigit() else self.backoff
        return min(seconds, self.max_retry_after)

    def judge(self, url: str, response) -> LinkResult:
        import httpx

        final = str(response.url)
        status = response.status_code
        phrase = httpx.codes.get_reason_phrase(status) or "answer"
        if status >= 400:
            return LinkResult(url, False, f"{status} {phrase}", status, final, time.time())
        if response.history and site_of(final) != site_of(url):
            return LinkResult(url, False, f"now leads to another website: {final}", status,
                              final, time.time())
        return LinkResult(url, True, f"{status} {phrase}", status, final, time.time())


def short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def load_cache(path: Path | None, max_age: float) -> dict[str, LinkResult]:
    if path is None:
        return {}
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    now = time.time()
    return {url: LinkResult(**value) for url, value in stored.items()
            if isinstance(value, dict) and now - value.get("checked_at", 0) < max_age}


def lasting(result: LinkResult) -> bool:
    """Worth keeping for a day: an answer, not a time-out or a refused connection or
    a server error that may be gone tomorrow."""
    return (result.status is not None and result.status < 500) or \
        result.reason.startswith(("certificate", "redirects in a loop"))


def save_cache(path: Path | None, results: dict[str, LinkResult]) -> None:
    if path is None:
        return
    results = {url: result for url, result in results.items() if lasting(result)}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({url: asdict(result) for url, result in
                                     sorted(results.items())}, indent=1), encoding="utf-8")
    temporary.replace(path)


def check_links(urls, *, cache_file: Path | None = None, max_age: float = 86400.0,
                workers: int = 8, checker: Checker | None = None) -> dict[str, LinkResult]:
    """{url: result} for every distinct http(s) address in ``urls``."""
    wanted = sorted({url for url in urls if urlsplit(url).scheme in ("http", "https")})
    cached = load_cache(cache_file, max_age)
    results = {url: cached[url] for url in wanted if url in cached}
    missing = [url for url in wanted if url not in results]
    if missing:
        checker = checker or Checker()
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(missing)))) as pool:
            for url, result in zip(missing, pool.map(checker.check, missing), strict=True):
                results[url] = result
        save_cache(cache_file, {**cached, **results})
    return results
