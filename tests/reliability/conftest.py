# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the reliability tests and the generator of the reliability page.

Every reliability test appends figure records to
``build/reliability/figures.jsonl`` (see ``relhelpers.record``).  The file is
emptied when a session starts that includes this directory; when the session
ends, the records are summed up into ``build/reliability/reliability.md``
(``make reliability-doc`` copies it to ``docs/reliability.md``) when the run
covered every part of the proof (``SYSV_RELIABILITY_REPORT=1`` forces it,
``0`` turns it off).  So the committed page always comes from a real, full run.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import io
import json
import os
import platform
import sys
import time
import uuid

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import relhelpers  # noqa: E402
import el6report  # noqa: E402

ROOT = relhelpers.ROOT
# A run writes its page under build/; `make reliability-doc` (an explicit
# target, not part of `make test`) copies it to docs/reliability.md.
REPORT = os.path.join(relhelpers.BUILD, 'reliability.md')
DOC = os.path.join(ROOT, 'docs', 'reliability.md')


sys.path.insert(0, os.path.join(ROOT, 'tools'))
import import_tree  # noqa: E402  pylint: disable=wrong-import-position

PYTREE = import_tree.ensure()


def pytest_configure(config):
    # records of this session only: other runs (make units, a second
    # session) may append to the same file at the same time
    os.environ['SYSV_RELIABILITY_RUN'] = uuid.uuid4().hex
    if os.path.exists(relhelpers.FIGURES):
        os.unlink(relhelpers.FIGURES)


def _outcomes(session):
    """nodeid -> outcome for every test of the session (unit tests included)."""
    outcomes = {}
    reporter = session.config.pluginmanager.get_plugin('terminalreporter')
    stats = getattr(reporter, 'stats', {}) if reporter is not None else {}
    for outcome in ('passed', 'failed', 'skipped', 'error'):
        for rep in stats.get(outcome, []):
            nodeid = getattr(rep, 'nodeid', None)
            if nodeid and (outcome != 'passed' or getattr(rep, 'when', 'call') == 'call'):
                outcomes[nodeid] = 'failed' if outcome == 'error' else outcome
    return outcomes


@pytest.fixture(scope='session')
def container_reason():
    return relhelpers.missing_requirements()


@pytest.fixture
def need_containers(container_reason):
    if container_reason:
        pytest.skip(container_reason)


def _load_records():
    records = []
    if os.path.exists(relhelpers.FIGURES):
        with open(relhelpers.FIGURES) as handle:
            for line in handle:
                line = line.strip()
                if line:
                    record = json.loads(line)
                    if record.get('run') == os.environ.get('SYSV_RELIABILITY_RUN'):
                        records.append(record)
    return records


def _sum(records, kind, field):
    return sum(int(r.get(field, 0)) for r in records if r['kind'] == kind)


# What the real 2.3.15.3 daemon showed in the unit tests named above the list
# on the page; xinetd-spec.md says otherwise or nothing.
REAL_DAEMON_FACTS = (
    '`bind` to an address the host does not have: the bind fails and the entry is not served '
    '(xinetd_info reports `bind-failed`; the modules refuse it before writing).',
    '`server` naming a directory: xinetd checks only access(X_OK), so the entry loads and '
    'listens; each connection then fails when the server cannot be run.',
    '`access_times = 01:00-24:00`: alone, the entry is disabled ("DISABLING SERVICE") and its '
    'port is not bound; with a later `disable = no` line, xinetd listens and refuses every '
    'connection, or admits only the intervals written before the bad one. xinetd-spec.md '
    'says it always keeps listening and refuses.',
    'SIGHUP and SIGUSR1 pending together (sent back to back to a busy xinetd): Linux runs the '
    'SIGUSR1 handler on top of SIGHUP\'s, so xinetd queues SIGUSR1 first and its state dump comes '
    'before the reconfiguration; the modules confirm a reload with a second complete dump '
    '(`tests/unit/plugins/module_utils/test_xinetd_daemon.py`).',
)


def render_report(records, outcomes):
    diff = [r for r in records if r['kind'] == 'differential']
    hostile = [r for r in records if r['kind'] == 'hostile']
    faults = [r for r in records if r['kind'] == 'fault']
    props = [r for r in records if r['kind'] == 'property']
    olds = [r for r in records if r['kind'] == 'oldpython']
    skipped = [r for r in records if r['kind'] == 'skipped']
    lost = sum(int(r.get('data_lost', 0)) for r in records)
    lines = []
    add = lines.append
    add('# Reliability figures')
    add('')
    add('<!-- Generated by tests/reliability/conftest.py at the end of a test run. '
        'Do not edit: run `make reliability`. -->')
    add('')
    add('A configuration tool for fleets is trusted only if it never leaves a host worse '
        'than it found it. These figures come from the last full run of the reliability '
        'tests (`make reliability`): the real xinetd in a container, hostile input through '
        'the modules, injected faults, and old target Pythons.')
    add('')
    add('Run: %s UTC, Python %s on %s.' % (
        time.strftime('%Y-%m-%d %H:%M', time.gmtime()), platform.python_version(),
        platform.system()))
    add('')
    add('| figure | value |')
    add('|---|---|')
    add('| configurations loaded into the real xinetd | %d |' % _sum(diff, 'differential', 'configurations'))
    add('| service entries compared | %d |' % _sum(diff, 'differential', 'entries'))
    add('| disagreements with the real xinetd (all) | %d |' % _sum(diff, 'differential', 'disagreements'))
    add('| of which new (not yet explained, test fails) | %d |' % _sum(diff, 'differential', 'unexplained'))
    add('| hostile inputs tried | %d |' % _sum(hostile, 'hostile', 'inputs'))
    add('| hostile inputs mishandled | %d |' % _sum(hostile, 'hostile', 'failures'))
    add('| property-based examples checked | %d |' % _sum(props, 'property', 'examples'))
    add('| faults injected | %d |' % _sum(faults, 'fault', 'injected'))
    add('| faults survived (old-or-new file, clear message) | %d |' % _sum(faults, 'fault', 'survived'))
    add('| old-target runs (interpreter x core) | %d |' % len([r for r in olds if r.get('ok')]))
    add('| **data lost** | **%d** |' % lost)
    add('')
    if diff:
        add('## Differential testing against the real xinetd')
        add('')
        for r in diff:
            add('- %s: %d configurations, %d service entries, %d configurations in which xinetd '
                'rejected something or exited; %d disagreements (%d explained by open findings, '
                '%d new).' % (
                    r.get('label', 'run'), r.get('configurations', 0), r.get('entries', 0),
                    r.get('rejecting', 0), r.get('disagreements', 0), r.get('explained', 0),
                    r.get('unexplained', 0)))
        findings = {}
        for r in diff:
            for key, value in sorted((r.get('findings') or {}).items()):
                findings.setdefault(key, [value, 0])
                findings[key][1] += 1
        counts = {}
        for r in diff:
            for key, n in (r.get('finding_counts') or {}).items():
                counts[key] = counts.get(key, 0) + n
        if findings:
            add('')
            add('Open findings (each one is a disagreement between our validator / '
                '`xinetd_info` and Debian\'s xinetd 2.3.15.3; cases affected in brackets):')
            add('')
            for key in sorted(findings):
                add('- `%s` (%d): %s' % (key, counts.get(key, 0), findings[key][0]))
        for r in diff:
            if r.get('validator_checked'):
                gaps = r.get('validator_gaps') or {}
                add('')
                add('Pre-apply judgement (what the modules refuse before writing: the whole '
                    'configuration loaded with the task\'s files, by the engine xinetd_info uses) '
                    'against the real daemon: %d entries xinetd dropped (or exits) were checked; '
                    '%d were not refused (%d of a documented kind, %d of a new kind)%s'
                    % (r['validator_checked'], sum(gaps.values()) + r.get('validator_new', 0),
                       sum(gaps.values()), r.get('validator_new', 0), ':' if gaps else '.'))
                add('')
                for key in sorted(gaps):
                    add('- `%s` (%d): %s' % (key, gaps[key], (r.get('validator_gap_reasons') or {}).get(key)))
        resolved = {}
        for r in diff:
            resolved.update(r.get('resolved') or {})
        if resolved:
            add('')
            add('Disagreements this test found in earlier versions of the engine, each one since '
                'fixed (the test now fails if any comes back); together they are what the real '
                'daemon taught us beyond xinetd-spec.md:')
            add('')
            for key in sorted(resolved):
                add('- `%s`: %s' % (key, resolved[key]))
        add('')
        add('Pinned by the real-daemon unit tests '
            '(`tests/unit/plugins/module_utils/test_xinetd_effective_real.py`, '
            '`test_xinetd_daemon.py`), beyond xinetd-spec.md:')
        add('')
        for fact in REAL_DAEMON_FACTS:
            add('- ' + fact)
        add('')
    el6report.render(records, add)
    if hostile:
        add('## Hostile input')
        add('')
        for r in hostile:
            add('- %s: %d inputs, %d mishandled.' % (r.get('label'), r.get('inputs', 0),
                                                     r.get('failures', 0)))
        add('')
    if faults:
        add('## Faults')
        add('')
        for r in faults:
            add('- %s: %d injected, %d survived, data lost %d.' % (
                r.get('label'), r.get('injected', 0), r.get('survived', 0), r.get('data_lost', 0)))
        add('')
    if props:
        add('## Property-based tests (hypothesis)')
        add('')
        for r in props:
            add('- %s: %d examples.' % (r.get('label'), r.get('examples', 0)))
        add('')
    if olds:
        add('## Old targets')
        add('')
        for r in olds:
            add('- %s: %s.' % (r.get('label'), 'ok' if r.get('ok') else 'FAILED'))
        add('')
    if skipped:
        add('## Not run on this machine')
        add('')
        for r in skipped:
            add('- %s: %s' % (r.get('label'), r.get('reason')))
        add('')
    passed = len([o for o in outcomes.values() if o == 'passed'])
    failed = sorted(k for k, o in outcomes.items() if o == 'failed')
    skip = len([o for o in outcomes.values() if o == 'skipped'])
    add('Tests in the run: %d passed, %d failed, %d skipped.' % (passed, len(failed), skip))
    for nodeid in failed:
        add('- failed: `%s`' % nodeid)
    add('')
    return '\n'.join(lines)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get('SYSV_EL6_SECTION') == '1':     # make reliability-el6
        el6report.splice(DOC, _load_records(), relhelpers.BUILD)
    wanted = os.environ.get('SYSV_RELIABILITY_REPORT', 'auto')
    if wanted == '0':
        return
    records = _load_records()
    kinds = set(r['kind'] for r in records)
    # a partial run (one file, -k ...) must not replace the page of a full run
    if wanted != '1' and not set(['differential', 'fault', 'hostile', 'property', 'oldpython']) <= kinds:
        return
    text = render_report(records, _outcomes(session))
    if not os.path.isdir(relhelpers.BUILD):
        os.makedirs(relhelpers.BUILD)
    with io.open(REPORT, 'w', encoding='utf-8') as handle:
        handle.write(text if isinstance(text, type(u'')) else text.decode('utf-8'))
