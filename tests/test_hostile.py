"""Issue 15, hostile and huge input: every quick case of tests/hostile.py keeps the CLI contract (status 0 in
30 s under 1 GB, or status 2 with one 'error: ' line; never an internal error, a traceback, the memory cap or
the time limit). The cases run four at a time; the whole quick set takes well under three minutes."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile  # noqa: E402

READONLY = "augment-output-readonly-dir"


@pytest.fixture(scope="module")
def quick_cases(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    cases = hostile.build_cases(tmp, quick=True)
    yield tmp, cases
    hostile._cleanup_permissions(tmp)


def _run(cases, tmp):
    before = hostile.input_snapshot(tmp / "in")
    results = hostile.run_all(cases, tmp, workers=4)
    bad = [(c, r, v) for c, r, v in results if v]
    assert not bad, (f"{len(bad)} of {len(results)} hostile cases break the CLI contract:\n"
                     + hostile.table(bad) + "\n" + hostile.summary(results))
    after = hostile.input_snapshot(tmp / "in")         # no case harmed an input file
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"input files changed or removed by the hostile cases: {changed[:5]}"


def test_hostile_quick_cases_keep_the_cli_contract(quick_cases):
    tmp, cases = quick_cases
    cases = [c for c in cases if c.name != READONLY]
    assert len(cases) > 100
    _run(cases, tmp)


def test_augment_into_a_readonly_folder(quick_cases):
    tmp, cases = quick_cases
    case = next(c for c in cases if c.name == READONLY)
    if case.skip:
        pytest.skip(case.skip)
    _run([case], tmp)
