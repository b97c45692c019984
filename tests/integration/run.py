# SPDX-License-Identifier: ISC
"""Runs every tests/integration/test_*.py against the stack that
`make stack-check` started, in file-name order, each test function in the
order it is written.  Each test gets its own loopback source address, so
login throttles of one test never touch another.  Exits non-zero on any
failure.  Usage: python3 run.py [substring-of-test-name ...]; NV_SKIP
(comma-separated substrings) leaves tests out, e.g. under valgrind."""

import importlib.util
import inspect
import os
import sys
import time
import traceback

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import lib  # noqa: E402


def main():
    only = sys.argv[1:]
    skip = [s for s in os.environ.get("NV_SKIP", "").split(",") if s]
    files = sorted(f for f in os.listdir(here)
                   if f.startswith("test_") and f.endswith(".py"))
    passed = failed = 0
    failures = []
    t_all = time.time()
    # Reruns against one stack start from a clean throttle.
    lib.sql_root("DELETE FROM login_throttle")
    for i, fn in enumerate(files):
        name = fn[:-3]
        spec = importlib.util.spec_from_file_location(name,
                                                      os.path.join(here, fn))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        tests = [(n, f) for n, f in vars(mod).items()
                 if n.startswith("test_") and inspect.isfunction(f)
                 and f.__module__ == name]
        for j, (tname, f) in enumerate(tests):
            full = f"{name}.{tname}"
            if only and not any(o in full for o in only):
                continue
            if any(s in full for s in skip):
                print(f"skip  {full} (NV_SKIP)", flush=True)
                continue
            # A loopback address of its own per test: the per-address
            # login throttle of one test never touches another.
            mod.SOURCE = f"127.0.{10 + i}.{10 + j}"
            t0 = time.time()
            try:
                f()
                passed += 1
                print(f"ok    {full} ({time.time() - t0:.2f}s)", flush=True)
            except Exception as e:  # noqa: BLE001 - report every failure
                failed += 1
                tb = traceback.format_exc(limit=4)
                failures.append((full, e, tb))
                print(f"FAIL  {full}: {e}", flush=True)
    # Leave no account locked for the suites that run after this one.
    lib.sql_root("DELETE FROM login_throttle")
    print(f"\nintegration: {passed} passed, {failed} failed "
          f"in {time.time() - t_all:.1f}s")
    for full, e, tb in failures:
        print(f"\n--- {full}\n{tb}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
