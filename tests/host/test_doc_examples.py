# SPDX-License-Identifier: MIT
"""Every REPL transcript of README.md and docs/*.md that runs on the host port
runs as written (tests/support/doc_examples.py: how a transcript is read, where
it runs, how its output is compared); and the comparer fails a planted wrong
output."""

from __future__ import annotations

import pytest

from support import doc_examples as D
from support.host import MICROPYTHON

HOST = [s for s in D.all_sessions() if s.target == "host"]


@pytest.mark.parametrize("session", HOST, ids=[s.id for s in HOST])
def test_doc_transcript_runs_as_written(session: D.Session, tmp_path) -> None:
    out, code, err = D.run_on_host(session, tmp_path, MICROPYTHON)
    reports = D.mismatches(session.examples, out)
    if code != 0:
        reports.append(f"micropython exited {code}: {err[-2000:]}")
    assert not reports, "\n\n".join(reports)
