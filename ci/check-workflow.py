#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the shape of the GitHub Actions workflow .github/workflows/ci.yml
(or the file given as the only argument), without GitHub:

  - it parses as YAML (yaml.safe_load) into a mapping with `on` and `jobs`
    (PyYAML reads the key `on` as the boolean True: both are accepted);
  - `permissions` gives `contents: read`;
  - the jobs ubuntu-gcc, ubuntu-clang, macos, windows-msvc and
    windows-mingw exist;
  - every job has `runs-on` and a non-empty list of `steps`, each step a
    mapping with `uses` or `run`, and every `uses` pinned to a version
    (name@ref);
  - every job has a step whose `run` calls ctest;
  - the macos job runs on a macos-* runner, the ubuntu jobs on ubuntu-*,
    the windows jobs on windows-*;
  - the windows-msvc job does not use MinGW (no msys2 action or shell, no
    "mingw" in its commands).

Prints "check-workflow: ok (N jobs: ...)" and exits 0, or prints each
problem and exits 1 (2 when the file cannot be read or PyYAML is missing).
Needs only python3 and PyYAML (Debian: python3-yaml, in ci/deps.sh).
"""
import os
import re
import sys

EXPECTED_JOBS = ("ubuntu-gcc", "ubuntu-clang", "macos", "windows-msvc",
                 "windows-mingw")
RUNNER_PREFIX = {
    "ubuntu-gcc": "ubuntu-",
    "ubuntu-clang": "ubuntu-",
    "macos": "macos-",
    "windows-msvc": "windows-",
    "windows-mingw": "windows-",
}
CTEST_RE = re.compile(r"(^|[\s;&|(/\\])ctest(\.exe)?(\s|$)", re.MULTILINE)
MATRIX_RE = re.compile(r"^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$")


def default_path():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(root, ".github", "workflows", "ci.yml")


def runner_labels(job):
    """The runner labels a job can get: runs-on as given (a string or a
    list), with a ${{ matrix.X }} expression replaced by the values of X in
    the job's matrix (and its include entries)."""
    runs_on = job.get("runs-on")
    items = runs_on if isinstance(runs_on, list) else [runs_on]
    labels = []
    for item in items:
        if not isinstance(item, str):
            continue
        m = MATRIX_RE.match(item.strip())
        if not m:
            labels.append(item)
            continue
        matrix = (job.get("strategy") or {}).get("matrix") or {}
        if not isinstance(matrix, dict):
            continue
        values = matrix.get(m.group(1), [])
        labels.extend(v for v in (values if isinstance(values, list) else [values])
                      if isinstance(v, str))
        for entry in matrix.get("include", []) or []:
            if isinstance(entry, dict) and isinstance(entry.get(m.group(1)), str):
                labels.append(entry[m.group(1)])
    return labels


def job_shells(job):
    """The shells a job's run steps use (job defaults and step overrides)."""
    shells = []
    default = ((job.get("defaults") or {}).get("run") or {}).get("shell")
    if isinstance(default, str):
        shells.append(default)
    for step in job.get("steps") or []:
        if isinstance(step, dict) and isinstance(step.get("shell"), str):
            shells.append(step["shell"])
    return shells


def check_job(name, job, problems):
    def problem(text):
        problems.append(f"job {name}: {text}")

    if not isinstance(job, dict):
        problem("is not a mapping")
        return
    if not job.get("runs-on"):
        problem("no runs-on")
    steps = job.get("steps")
    if not isinstance(steps, list) or not steps:
        problem("no steps (a non-empty list is required)")
        steps = []
    runs_ctest = False
    for i, step in enumerate(steps, 1):
        label = f"step {i}"
        if isinstance(step, dict) and step.get("name"):
            label += f" ({step['name']})"
        if not isinstance(step, dict):
            problem(f"{label} is not a mapping")
            continue
        uses, run = step.get("uses"), step.get("run")
        if not uses and not run:
            problem(f"{label} has neither uses nor run")
        if uses and run:
            problem(f"{label} has both uses and run")
        if uses and (not isinstance(uses, str) or "@" not in uses) \
                and not str(uses).startswith(("./", "docker://")):
            problem(f"{label}: uses {uses!r} is not pinned (name@version)")
        if isinstance(run, str) and CTEST_RE.search(run):
            runs_ctest = True
    if steps and not runs_ctest:
        problem("no step runs ctest")

    prefix = RUNNER_PREFIX.get(name)
    labels = runner_labels(job)
    if prefix and job.get("runs-on"):
        if not labels:
            problem(f"cannot tell the runner from runs-on {job.get('runs-on')!r}")
        for label in labels:
            if not label.startswith(prefix):
                problem(f"runs on {label!r}, expected a {prefix}* runner")

    if name == "windows-msvc":
        for step in steps:
            if not isinstance(step, dict):
                continue
            if str(step.get("uses", "")).lower().startswith("msys2/"):
                problem(f"uses {step['uses']} (MinGW/MSYS2) in the MSVC job")
            if "mingw" in str(step.get("run", "")).lower():
                problem("a run step mentions MinGW in the MSVC job")
            if "mingw" in str(step.get("with", "")).lower():
                problem("a step's inputs mention MinGW in the MSVC job")
        for shell in job_shells(job):
            if "msys2" in shell.lower():
                problem(f"runs steps in the shell {shell!r} (MSYS2) in the MSVC job")


def check(doc):
    """Every problem found in the parsed workflow, as text."""
    problems = []
    if not isinstance(doc, dict):
        return ["the file is not a YAML mapping"]
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    if "on" not in doc and True not in doc:
        problems.append("no `on` (the events that run the workflow)")
    perms = doc.get("permissions")
    if not (isinstance(perms, dict) and perms.get("contents") == "read"):
        problems.append("permissions is not `contents: read`")
    jobs = doc.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        problems.append("no jobs (a non-empty mapping is required)")
        return problems
    for name in EXPECTED_JOBS:
        if name not in jobs:
            problems.append(f"job {name} is missing")
    for name, job in jobs.items():
        check_job(str(name), job, problems)
    return problems


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(f"usage: {os.path.basename(argv[0])} [WORKFLOW.yml]", file=sys.stderr)
        return 2
    path = argv[1] if len(argv) == 2 else default_path()
    try:
        import yaml
    except ImportError:
        print("check-workflow: PyYAML is missing (Debian: apt-get install "
              "python3-yaml)", file=sys.stderr)
        return 2
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except OSError as e:
        print(f"check-workflow: cannot read {path}: {e}", file=sys.stderr)
        return 2
    except yaml.YAMLError as e:
        print(f"check-workflow: {path}: not valid YAML: {e}", file=sys.stderr)
        return 1
    problems = check(doc)
    if problems:
        for p in problems:
            print(f"check-workflow: {path}: {p}", file=sys.stderr)
        print(f"check-workflow: FAILED ({len(problems)} problem"
              f"{'' if len(problems) == 1 else 's'})", file=sys.stderr)
        return 1
    names = list(doc["jobs"])
    print(f"check-workflow: ok ({len(names)} jobs: {', '.join(map(str, names))})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
