# SPDX-License-Identifier: ISC
"""The README's curl walkthrough, run as written against the test stack, so
that what a newcomer types keeps working."""

import os
import re
import subprocess
import tempfile

from lib import BASE, TOP, check, eq


def test_readme_walkthrough_runs():
    with open(os.path.join(TOP, "README.md"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"<!-- walkthrough -->\s*```sh\n(.*?)```", text, re.S)
    check(m is not None, "the README has its walkthrough block")
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run(["bash", "-euo", "pipefail", "-c", m.group(1)],
                           cwd=d, env=dict(os.environ, B=BASE),
                           capture_output=True, text=True, timeout=60)
    eq(p.returncode, 0, f"walkthrough failed: {p.stderr}")
    lines = p.stdout.strip().splitlines()
    check(any('"status":"in_program"' in ln and
              '"original_deadline":"2026-12-31"' in ln for ln in lines),
          f"it ends in the programme: {p.stdout}")
    actions = [re.search(r'"action":"(\w+)"', ln).group(1)
               for ln in lines if '"actor"' in ln]
    eq(actions, ["create", "submit", "return", "edit", "submit", "approve",
                 "accept"], "the history it prints")
