"""Time `tws validate` (beside check-jsonschema and yamllint), queries and the site build."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
TWS = BIN / "tws"
CHECK_JSONSCHEMA = BIN / "check-jsonschema"
YAMLLINT = BIN / "yamllint"
GNU_TIME = "/usr/bin/time"
DEFAULT_SIZES = (200, 2_000, 20_000)
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "tws-bench"
TWS_CACHE = ".tws-cache"
"""Where a future tws may keep a parse cache inside a programme; removed before cold runs."""

# Targets from the issue (seconds, or MB for memory).
TARGET_SHIPPED = 0.45
TARGET_STARTUP = 0.15
TARGET_RATIO = 1 / 3
TARGET_COLD_20K = 6.0
TARGET_WARM_20K = 2.0
TARGET_PEAK_MB = 300.0
TARGET_OVERDUE_2K = 2.0
TARGET_SITE_2K = 5.0
TARGET_BROKEN_RATIO = 2.0
"""One problem in every action may cost at most this many times the clean run (issue 15)."""
DEFAULT_BROKEN_SIZES = (2_000, 20_000)
BROKEN = "unknown-owner"


@dataclass
class Result:
    """Every run of one command: wall seconds, peak RSS and exit code of each."""

    what: str
    n: int | None
    command: list[str]
    cwd: str
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    exits: list[int] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def best(self) -> float:
        return min(self.seconds) if self.seconds else float("nan")

    @property
    def peak(self) -> float:
        return max(self.peak_mb) if self.peak_mb else float("nan")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(median=self.median, min=self.best, max_peak_mb=self.peak)
        return data


def _generator() -> ModuleType:
    """bench/generate.py, imported from beside this file."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import generate

    return generate


@functools.cache
def gnu_time() -> str | None:
    """``/usr/bin/time`` when it is GNU time (``-f %M`` gives the child's peak RSS in KiB)."""
    if not Path(GNU_TIME).is_file():
        return None
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        done = subprocess.run(
            [GNU_TIME, "-f", "%M", "-o", report.name, "true"], capture_output=True, check=False
        )
        return GNU_TIME if done.returncode == 0 and report.read().strip().isdigit() else None


def child_env(cache: Path) -> dict[str, str]:
    """The environment for timed commands: bytecode cached (outside the repository).

    Some machines set ``PYTHONDONTWRITEBYTECODE``, so an editable install recompiles tws's
    modules in every process; users normally have the ``.pyc`` files. The cache under
    ``cache/pycache`` is filled by the untimed warm-up run of each command.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache / "pycache")
    return env


def run_once(
    command: Sequence[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, int, str]:
    """Run ``command`` as a fresh process: wall seconds, peak RSS in MB, exit code, output tail.

    With GNU time the peak is the command's own (it is forked from the small ``time``
    process) and the seconds include GNU time's own start-up (about 2 ms). Without it the
    peak is ``ru_maxrss`` from ``os.wait4``, which on Linux is never below this script's own
    RSS, since the child starts as a copy of it.
    """
    with tempfile.TemporaryFile() as output, tempfile.NamedTemporaryFile("r") as report:
        argv = [str(part) for part in command]
        timer = gnu_time()
        if timer is not None:
            argv = [timer, "-f", "%M", "-o", report.name, *argv]
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=output
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        tail = output.read()[-2000:].decode("utf-8", "replace")
        if timer is not None:
            # "Command exited with non-zero status N" may come first; %M is the last line.
            peak = int(report.read().split()[-1]) / 1024
        else:
            scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS
            peak = usage.ru_maxrss / scale
    return seconds, peak, proc.returncode, tail


@dataclass
class Bench:
    """Runs commands ``repeat`` times each, in ``env``, and keeps their results."""

    repeat: int
    env: dict[str, str]
    results: list[Result] = field(default_factory=list)

    def warm(self, command: Sequence[str], cwd: Path) -> None:
        """One untimed run: fills the bytecode cache and the page cache."""
        run_once(command, cwd, self.env)

    def time(
        self,
        what: str,
        n: int | None,
        command: Sequence[str],
        cwd: Path,
        before: Path | None = None,
        expect: int = 0,
    ) -> Result:
        """Time ``command``; ``before``, when given, is removed before each run (cold runs).

        Its output's last lines are shown when an exit code is not ``expect``.
        """
        result = Result(what, n, [str(part) for part in command], str(cwd))
        print(f"  {what}{f' N={n}' if n else ''}: ", end="", file=sys.stderr, flush=True)
        tail = ""
        for _ in range(self.repeat):
            if before is not None and before.exists():
                shutil.rmtree(before)
            seconds, peak, code, tail = run_once(command, cwd, self.env)
            result.seconds.append(seconds)
            result.peak_mb.append(peak)
            result.exits.append(code)
            print(f"{seconds:.2f}s ", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        if any(code != expect for code in result.exits):
            result.note = " / ".join(tail.strip().splitlines()[-3:])
            print(f"    exit {result.exits[-1]}: {result.note}", file=sys.stderr)
        self.results.append(result)
        return result


def programme(n: int, cache: Path, broken: str | None = None) -> Path:
    """The generated programme with ``n`` actions, made (or remade when stale) under ``cache``.

    With ``broken``, the same programme with one problem injected in every action
    (``generate.py --broken``), in a folder of its own.
    """
    generate = _generator()
    root = cache / (f"{n}-{broken}" if broken else str(n))
    marker = root / generate.MARKER
    wanted = generate.marker_text(n, broken=broken)
    if marker.is_file() and marker.read_text(encoding="utf-8") == wanted:
        return root
    print(f"generating N={n} into {root} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    generate.generate(n, root, broken=broken)
    print(f"  done in {time.perf_counter() - start:.1f}s", file=sys.stderr)
    return root


def action_files(root: Path) -> list[str]:
    """The action files, relative to ``root`` (short command lines), sorted."""
    return sorted(f"data/actions/{p.name}" for p in (root / "data" / "actions").glob("*.yaml"))


def warm_page_cache(root: Path) -> None:
    """Read every file once so that no tool pays for the first read from disk."""
    for path in sorted((root / "data").rglob("*.yaml")):
        path.read_bytes()


def revision(repo: Path) -> str:
    """The repository's commit, marked ``+dirty`` when src/ has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "-C", repo, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", repo, "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}+dirty" if dirty else head


def source_fingerprint(repo: Path) -> str:
    """A hash of tws's source files, to notice tws being edited while it is timed."""
    digest = hashlib.sha256()
    for path in sorted((repo / "src").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(repo)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def version_of(command: Sequence[str]) -> str:
    try:
        done = subprocess.run(list(command), capture_output=True, text=True, check=False)
    except OSError as exc:
        return f"unavailable ({exc.strerror})"
    return (
        (done.stdout or done.stderr).strip().splitlines()[0] if done.stdout or done.stderr else ""
    )


def fmt(value: float, digits: int = 3) -> str:
    return "–" if math.isnan(value) else f"{value:.{digits}f}"


def table(results: list[Result]) -> str:
    lines = [
        "| what | N | median s | min s | runs | peak MB | exit |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        exits = ",".join(sorted({str(code) for code in r.exits}))
        lines.append(
            f"| {r.what} | {r.n if r.n is not None else '–'} | {fmt(r.median)} | {fmt(r.best)} "
            f"| {len(r.seconds)} | {fmt(r.peak, 0)} | {exits} |"
        )
    return "\n".join(lines)


def find(results: list[Result], what: str, n: int | None = None) -> Result | None:
    return next((r for r in results if r.what == what and r.n == n), None)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def targets(results: list[Result]) -> list[dict[str, Any]]:
    """Each target from the issue with the measured figure and whether it is met."""
    rows: list[dict[str, Any]] = []

    def add(name: str, limit: float, unit: str, value: float | None, extra: str = "") -> None:
        if value is None or math.isnan(value):
            rows.append(
                {
                    "target": name,
                    "limit": limit,
                    "value": None,
                    "status": "not measured",
                    "note": extra,
                }
            )
        else:
            rows.append(
                {
                    "target": name,
                    "limit": limit,
                    "value": round(value, 3),
                    "status": verdict(value <= limit),
                    "unit": unit,
                    "note": extra,
                }
            )

    for what, label in (
        ("tws validate (shipped data)", "shipped data, whole process"),
        ("tws validate (shipped data, cold)", "shipped data cold (copy), whole process"),
    ):
        shipped = find(results, what)
        add(label, TARGET_SHIPPED, "s", shipped.median if shipped else None)
    for flag in ("--help", "--version"):
        found = find(results, f"tws {flag}")
        add(f"tws {flag}", TARGET_STARTUP, "s", found.median if found else None)
    cold = find(results, "tws validate (cold)", 2_000)
    peer = find(results, "check-jsonschema (actions only)", 2_000)
    ratio = cold.median / peer.median if cold and peer else None
    add("tws / check-jsonschema at N=2000", round(TARGET_RATIO, 3), "ratio", ratio)
    cold20 = find(results, "tws validate (cold)", 20_000)
    add(
        "N=20000 validate cold (later target)",
        TARGET_COLD_20K,
        "s",
        cold20.median if cold20 else None,
    )
    overdue = find(results, "tws actions overdue --format json (shipped data)")
    add(
        "shipped data, tws actions overdue --format json",
        TARGET_SHIPPED,
        "s",
        overdue.median if overdue else None,
    )
    overdue2k = find(results, "tws actions overdue --format json", 2_000)
    add(
        "N=2000 tws actions overdue --format json",
        TARGET_OVERDUE_2K,
        "s",
        overdue2k.median if overdue2k else None,
    )
    site2k = find(results, "tws site build", 2_000)
    add("N=2000 tws site build", TARGET_SITE_2K, "s", site2k.median if site2k else None)
    warm20 = find(results, "tws validate (warm)", 20_000)
    add(
        "N=20000 validate warm (later target)",
        TARGET_WARM_20K,
        "s",
        warm20.median if warm20 else None,
        "" if warm20 else f"tws wrote no {TWS_CACHE}/: it has no warm path yet",
    )
    add(
        "N=20000 validate peak memory (later target)",
        TARGET_PEAK_MB,
        "MB",
        cold20.peak if cold20 else None,
    )
    for n in sorted({r.n for r in results if r.what.startswith(BROKEN_WHAT) and r.n}):
        for temperature in ("cold", "warm"):
            ratio = broken_ratio(results, n, temperature)
            add(
                f"N={n} validate {temperature}, one problem per action / clean",
                TARGET_BROKEN_RATIO,
                "ratio",
                ratio,
            )
    return rows


BROKEN_WHAT = "tws validate, one problem per action"


def broken_ratio(results: list[Result], n: int, temperature: str) -> float | None:
    """Median time with one problem in every action over the clean run's (same N, same run)."""
    broken = find(results, f"{BROKEN_WHAT} ({temperature})", n)
    clean = find(results, f"tws validate ({temperature})", n)
    return broken.median / clean.median if broken and clean else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes",
        default=",".join(str(n) for n in DEFAULT_SIZES),
        help="comma-separated numbers of actions (default: %(default)s)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help="folder for the generated programmes (default: %(default)s)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save raw results here")
    parser.add_argument(
        "--peers",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time check-jsonschema and yamllint too (default: yes)",
    )
    parser.add_argument(
        "--shipped",
        type=Path,
        default=REPO,
        help="the programme whose shipped data is timed (default: this repository)",
    )
    parser.add_argument(
        "--broken-sizes",
        default=",".join(str(n) for n in DEFAULT_BROKEN_SIZES),
        help="sizes (among --sizes) at which `tws validate` is also timed with one problem in "
        f"every action (generate.py --broken {BROKEN}; default: %(default)s; '' for none)",
    )
    parser.add_argument(
        "--site-up-to",
        type=int,
        default=20_000,
        help="time `tws site build` for sizes up to this N (default: 20000)",
    )
    args = parser.parse_args(argv)
    try:
        sizes = [int(part.replace("_", "")) for part in args.sizes.split(",") if part.strip()]
        broken_sizes = {
            int(part.replace("_", "")) for part in args.broken_sizes.split(",") if part.strip()
        }
    except ValueError:
        parser.error("--sizes and --broken-sizes take comma-separated whole numbers (200,2000)")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    missing = [tool for tool in (TWS,) if not tool.exists()]
    if args.peers:
        missing += [tool for tool in (CHECK_JSONSCHEMA, YAMLLINT) if not tool.exists()]
    if missing:
        names = ", ".join(str(tool) for tool in missing)
        print(
            f"run.py: error: not installed: {names}\n  install with: "
            f"{BIN / 'pip'} install -e '.[bench]'  (or pass --no-peers)",
            file=sys.stderr,
        )
        return 2

    generate = _generator()
    as_of = generate.AS_OF.isoformat()
    args.cache.mkdir(parents=True, exist_ok=True)
    bench = Bench(args.repeat, child_env(args.cache))
    tws_revision = revision(REPO)
    fingerprint = source_fingerprint(REPO)
    python = Path(sys.executable)

    print("start-up:", file=sys.stderr)
    for what, command in (
        ("python -c pass (baseline)", [python, "-c", "pass"]),
        ("tws --version", [TWS, "--version"]),
        ("tws --help", [TWS, "--help"]),
    ):
        bench.warm(command, REPO)
        bench.time(what, None, command, REPO)
    if (args.shipped / "data").is_dir():
        # As a user runs it (tws may keep its parse cache there, so this is usually warm) ...
        command = [TWS, "validate", "--root", args.shipped, "--as-of", as_of]
        bench.warm(command, REPO)
        bench.time("tws validate (shipped data)", None, command, REPO)
        # ... and cold, on a copy, so that nothing in the repository is deleted.
        copy = args.cache / "shipped"
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(args.shipped / "data", copy / "data")
        command = [TWS, "validate", "--root", copy, "--as-of", as_of]
        bench.warm(command, copy)
        bench.time(
            "tws validate (shipped data, cold)", None, command, copy, before=copy / TWS_CACHE
        )
        command = [
            TWS,
            "actions",
            "overdue",
            "--format",
            "json",
            "--root",
            args.shipped,
            "--as-of",
            as_of,
        ]
        bench.warm(command, REPO)
        bench.time("tws actions overdue --format json (shipped data)", None, command, REPO)
    else:
        print(f"  no data/ in {args.shipped}: shipped data not timed", file=sys.stderr)

    schema = args.cache / "action.schema.json"
    done = subprocess.run([TWS, "schema", "action"], capture_output=True, check=True)
    schema.write_bytes(done.stdout)

    failed: list[str] = []
    for n in sizes:
        root = programme(n, args.cache)
        warm_page_cache(root)
        print(f"N={n}:", file=sys.stderr)
        tws_cache = root / TWS_CACHE
        command = [TWS, "validate", "--root", root, "--as-of", as_of]
        bench.warm(command, root)
        bench.time("tws validate (cold)", n, command, root, before=tws_cache)
        if tws_cache.exists():  # a tws with a parse cache: time the warm path as well
            bench.warm(command, root)
            bench.time("tws validate (warm)", n, command, root)
        if n in broken_sizes:
            # A bad merge: the same programme with one unknown owner in every action. tws
            # exits 1 here by design; anything else (3, an internal error) is a failure.
            broken = programme(n, args.cache, BROKEN)
            warm_page_cache(broken)
            broken_cache = broken / TWS_CACHE
            command = [TWS, "validate", "--root", broken, "--as-of", as_of]
            bench.warm(command, broken)
            timed = [
                bench.time(
                    f"{BROKEN_WHAT} (cold)", n, command, broken, before=broken_cache, expect=1
                )
            ]
            if broken_cache.exists():
                bench.warm(command, broken)
                timed.append(bench.time(f"{BROKEN_WHAT} (warm)", n, command, broken, expect=1))
            failed += [f"{r.what} N={n}" for r in timed if any(code != 1 for code in r.exits)]
        command = [TWS, "actions", "overdue", "--format", "json", "--root", root, "--as-of", as_of]
        bench.warm(command, root)
        bench.time("tws actions overdue --format json", n, command, root)
        if n <= args.site_up_to:
            site = args.cache / f"site-{n}"
            command = [TWS, "site", "build", "--root", root, "--as-of", as_of, "-o", site]
            bench.warm(command, root)
            bench.time("tws site build", n, command, root)
        if args.peers:
            files = action_files(root)
            bench.warm([CHECK_JSONSCHEMA, "--schemafile", schema, files[0]], root)
            peer = [CHECK_JSONSCHEMA, "--schemafile", schema, *files]
            bench.time("check-jsonschema (actions only)", n, peer, root)
            bench.warm([YAMLLINT, "-d", "relaxed", files[0]], root)
            bench.time(
                "yamllint -d relaxed (actions only)", n, [YAMLLINT, "-d", "relaxed", *files], root
            )
        failed += [
            f"{r.what} N={n}"
            for r in bench.results
            if r.n == n and any(r.exits) and not r.what.startswith(BROKEN_WHAT)
        ]
    results = bench.results

    today = dt.date.today().isoformat()
    cpus = os.cpu_count()
    changed = source_fingerprint(REPO) != fingerprint
    if changed:
        print(
            "\nrun.py: warning: files under src/ changed during the run (is someone editing "
            "tws?): the figures may mix versions",
            file=sys.stderr,
        )
    print(
        f"\n## tws benchmark, {today} (tws {tws_revision}; {cpus} CPUs, Python "
        f"{platform.python_version()}, {platform.system()} {platform.machine()}; "
        f"--as-of {as_of}, --repeat {args.repeat})\n"
    )
    print(table(results))
    print()
    for n in sizes:
        cold = find(results, "tws validate (cold)", n)
        peer = find(results, "check-jsonschema (actions only)", n)
        if cold and peer:
            label = " (target ≤ 0.33)" if n == 2_000 else ""
            print(f"tws / check-jsonschema at N={n}: {cold.median / peer.median:.2f}{label}")
    for n in sizes:
        for temperature in ("cold", "warm"):
            ratio = broken_ratio(results, n, temperature)
            if ratio is not None:
                print(
                    f"one problem per action / clean at N={n}, {temperature}: {ratio:.2f} "
                    f"(target ≤ {TARGET_BROKEN_RATIO:g})"
                )
    rows = targets(results)
    print("\n| target | limit | measured | status |\n| --- | ---: | ---: | --- |")
    for row in rows:
        value = "–" if row["value"] is None else f"{row['value']} {row.get('unit', '')}".strip()
        note = f" ({row['note']})" if row["note"] else ""
        print(f"| {row['target']} | {row['limit']:.3g} | {value} | {row['status']}{note} |")

    if args.json:
        report = {
            "date": today,
            "as_of": as_of,
            "machine": {
                "cpus": cpus,
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            "versions": {
                "tws": version_of([TWS, "--version"]),
                "check-jsonschema": version_of([CHECK_JSONSCHEMA, "--version"])
                if args.peers
                else None,
                "yamllint": version_of([YAMLLINT, "--version"]) if args.peers else None,
            },
            "tws_revision": tws_revision,
            "tws_source_changed_during_run": changed,
            "command": [sys.executable, *sys.argv],
            "peak_memory_from": "GNU time -f %M" if gnu_time() else "os.wait4 ru_maxrss",
            "repeat": args.repeat,
            "results": [r.to_dict() for r in results],
            "targets": rows,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"\nraw results: {args.json}", file=sys.stderr)
    if failed:
        print(
            "\nrun.py: these exited non-zero on generated data (1 expected with one problem "
            f"per action): {', '.join(failed)}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
