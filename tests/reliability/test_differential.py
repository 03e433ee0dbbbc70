# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Differential testing: our validator / xinetd_info engine against the real xinetd.

Every case of ``diffcases.all_cases()`` (spec edge cases, each attribute with
valid and subtly invalid values, seeded random combinations) is loaded into
Debian's xinetd in a container (``xinetd_probe.py``: its log, its SIGUSR1
state dump and the listening sockets say what it accepted) and predicted by
``_xinetd.effective.load`` with the host checks, run in the same container
(``xinetd_predict.py``).  For each case: xinetd exits or not, the set of
active ids, the set of listening ports must match.

A disagreement fails the test unless it is explained by an open finding in
``FINDINGS`` (a value that xinetd and our code judge differently, found by
this test and reported to the engine's owners).  Fixing the engine makes the
finding stale: the test then fails until the finding moves to ``RESOLVED``,
so that the list of open findings stays true; it never hides a new
disagreement.  The same holds for ``VALIDATOR_GAPS``.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import shutil
import tempfile

import pytest

import diffcases
import relhelpers

try:
    import ansible
    ANSIBLE_SITE = os.path.dirname(os.path.dirname(os.path.abspath(ansible.__file__)))
except ImportError:
    ANSIBLE_SITE = tempfile.gettempdir()

SEED = int(os.environ.get('SYSV_DIFF_SEED', '20261127'))
RANDOM_COUNT = int(os.environ.get('SYSV_DIFF_RANDOM', '150'))

# Open findings: (attribute, value) -> what the real xinetd does that our code
# does not predict.  Keyed by the value that triggers it, so that seeded random
# cases built from the same values are explained by the same finding.  Empty:
# every finding so far has been fixed in the engine (see RESOLVED), so any
# disagreement fails the test.
FINDINGS = {}

# Findings this test made against earlier versions of the engine, all fixed
# since; kept as the record of what the real daemon taught us (reported in
# docs/reliability.md).
RESOLVED = {
    ('only_from', '10.0.0.0/33'): 'xinetd accepts a CIDR prefix longer than 32 (no log line) and '
                                  'loads the service; our validator drops the service (bad-value)',
    ('only_from', '1.2.3.4/40'): 'same as 10.0.0.0/33: out-of-range prefix accepted by xinetd',
    ('only_from', '300.1.2.3'): 'xinetd logs "failed to parse" and drops only the value, the '
                                'service loads; our validator drops the whole service',
    ('bind', 'nosuchhost.invalid'): 'an unresolvable bind address disables the service ("bad '
                                    'address"), and in defaults makes xinetd exit; our engine '
                                    'reports unresolved-host but keeps the service / keeps running',
    ('redirect', 'nosuchhost.invalid 9'): 'an unresolvable redirect host disables the service; '
                                          'our engine keeps it',
    ('instances', None): 'an attribute line without an operator makes xinetd lose the rest of the '
                         'file (the next service too: "missing service keyword"); our parser '
                         'loses only the current entry',
    ('socket_type', 'raw'): 'raw without an explicit protocol: "missing attribute protocol - '
                            'DISABLING"; our engine keeps the service',
    ('socket_type', 'seqpacket'): 'seqpacket without an explicit protocol: disabled by xinetd; '
                                  'our engine keeps it',
    ('protocol', 'bogusproto'): 'a protocol not in /etc/protocols disables the service; our '
                                'validator does not check /etc/protocols',
    ('protocol', 'udp'): 'socket_type stream with protocol udp: "socket creation failed '
                         '(Protocol not supported)", the service is deactivated; our engine keeps it',
    ('protocol', 'tcp'): 'socket_type dgram with protocol tcp: socket creation fails, the service '
                         'is deactivated; our engine keeps it',
    ('protocol', 'TCP'): 'as protocol tcp (case-insensitive)',
    ('server', '/bin'): 'xinetd only checks access(X_OK): a directory as server loads; our '
                        'engine drops it (not a regular file)',
    ('cps', '-1 5'): 'xinetd accepts a negative cps rate; our validator drops the service',
    ('max_load', '-1'): 'xinetd accepts a negative max_load; our validator drops the service',
    ('access_times', '8:5-9:7'): 'xinetd accepts one-digit minutes (8:5-9:7); our validator '
                                 'drops the service',
    ('env', '=x'): 'xinetd accepts env = =x (empty name); our validator drops the service',
    ('flags', 'NAMEINARGS'): 'NAMEINARGS without server_args: "Must specify server args if using '
                             'NAMEINARGS flag", service dropped; our engine only warns',
    ('disable', 'no'): 'a bad value disables the entry ("DISABLING SERVICE" in the log), but a '
                       'later disable = no line in the same entry re-enables it: xinetd loads the '
                       'service without the bad attribute; our engine keeps it dropped',
    ('disable', 'NO'): 'as disable = no (case-insensitive)',
}

# The other direction: an entry xinetd drops (or an exit) in a file that the
# modules' pre-apply judgement (the whole configuration loaded with the task's
# files overlaid, _xinetd_judge.judge) lets through.  Reason code -> why it is
# not caught before writing.  Empty: the judgement is the load xinetd_info
# reports, so two entries on one port, a duplicate port and bind, and a
# defaults value that makes xinetd exit are all refused before writing
# (they were gaps while the modules validated one file at a time).
VALIDATOR_GAPS = {}

# edge cases explained by a finding (case name -> finding key)
EDGE_FINDINGS = {}


def _key(finding):
    return '%s = %s' % finding if finding[1] is not None else '%s (no operator)' % finding[0]


def explain(item, actual, predicted):
    """The finding that explains a disagreement in ``item``, or None."""
    if item['name'] in EDGE_FINDINGS and EDGE_FINDINGS[item['name']] in FINDINGS:
        return EDGE_FINDINGS[item['name']]
    if actual['exited'] != predicted.get('exits'):
        for attr, _op, value in item.get('defaults') or []:
            if (attr, value) in FINDINGS:
                return (attr, value)
        return None
    real = set(i.lower() for i in diffcases.parse_dump(actual['dump']))
    pred = set(i.lower() for i in predicted.get('active', []))
    differing = real ^ pred
    if not differing:
        # same ids but other ports: only explained by a finding on that service
        differing = set(item.get('variants', {}).keys())
    found = None
    for sid in differing:
        variants = item.get('variants', {}).get(sid)
        if not variants:
            return None
        hit = [(a, v) for a, _op, v in variants if (a, v) in FINDINGS]
        if not hit:
            return None
        found = hit[0]
    return found


def _run(container, workdir, cases):
    names = diffcases.write_cases(cases, workdir, '/cases')
    probe = container.exec_('python3', '/reliability/xinetd_probe.py', '/cases', '0.1', timeout=900)
    predict = container.exec_('python3', '/reliability/xinetd_predict.py', '/pytree', '/cases',
                              '/ansible-site', timeout=600)
    actual = dict((r['case'], r) for r in json.loads(probe.stdout))
    predicted = dict((r['case'], r) for r in json.loads(predict.stdout))
    return names, actual, predicted


@pytest.mark.usefixtures('need_containers')
def test_real_xinetd_agrees_with_our_prediction():
    cases = diffcases.all_cases(SEED, RANDOM_COUNT)
    by_name = dict((c['name'], c) for c in cases)
    workdir = tempfile.mkdtemp(prefix='sysv-diff-')
    pytree = os.path.join(relhelpers.ROOT, 'build', 'pytree')
    container = relhelpers.Container(
        'sysv-diff', network='none',
        extra=['-v', '%s:/cases:ro' % workdir,
               '-v', '%s:/reliability:ro' % relhelpers.HERE,
               '-v', '%s:%s:ro' % (relhelpers.ROOT, relhelpers.ROOT),
               '-v', '%s:/pytree:ro' % pytree,
               '-v', '%s:/ansible-site:ro' % ANSIBLE_SITE])
    try:
        container.start()
        names, actual, predicted = _run(container, workdir, cases)
    finally:
        container.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    assert len(actual) == len(cases), 'the probe lost cases: %d of %d' % (len(actual), len(cases))
    modes = set(p.get('mode') for p in predicted.values())
    entries = 0
    disagreements = []
    unexplained = []
    crashes = []
    finding_counts = {}
    for dirname in sorted(actual):
        item = by_name[names[dirname]]
        act, pred = actual[dirname], predicted[dirname]
        entries += len(diffcases.parse_dump(act['dump'])) + len(pred.get('inactive', []))
        if 'crash' in pred:
            crashes.append('%s: %s' % (item['name'], pred['crash']))
            continue
        diffs = diffcases.compare(act, pred)
        if not diffs:
            continue
        disagreements.append(item['name'])
        finding = explain(item, act, pred)
        if finding is None:
            log = [line for line in (act['log'] or '').splitlines()
                   if 'ERROR' in line or 'WARNING' in line][:4]
            unexplained.append('%s: %s\n      files: %r\n      xinetd log: %s' % (
                item['name'], '; '.join(diffs), item['files'], log))
        else:
            key = _key(finding)
            finding_counts[key] = finding_counts.get(key, 0) + 1
    stale = sorted(_key(k) for k in FINDINGS if _key(k) not in finding_counts)
    # validator direction: what xinetd drops must be refused before writing
    validator_checked = 0
    gaps = {}
    validator_new = []
    unmatched = []
    for dirname in sorted(actual):
        item = by_name[names[dirname]]
        pred = predicted[dirname]
        verdicts = pred.get('validator')
        if verdicts is None:
            continue
        misses = []
        for entry in pred.get('inactive', []):
            sid, state, reason, path = (list(entry) + [None] * 4)[:4]
            if state != 'dropped':
                continue
            validator_checked += 1
            if path not in verdicts:
                unmatched.append('%s: %s' % (item['name'], path))
            elif not verdicts[path]:
                misses.append(reason)
        if actual[dirname]['exited']:
            validator_checked += 1
            if not any(verdicts.values()):
                misses.append('xinetd-exits')
        for reason in misses:
            if reason in VALIDATOR_GAPS:
                gaps[reason] = gaps.get(reason, 0) + 1
            else:
                validator_new.append('%s: xinetd drops an entry (%s) that the pre-apply validation '
                                     'lets through; files: %r' % (item['name'], reason, item['files']))
    # the comparison is not vacuous: many cases make xinetd drop entries or exit
    rejecting = [d for d in actual if actual[d]['exited'] or
                 len(diffcases.parse_dump(actual[d]['dump'])) < len(predicted[d].get('active', [])) +
                 len(predicted[d].get('inactive', []))]
    relhelpers.record(
        'differential', label='seed %d, %d random; predictions by %s' % (
            SEED, RANDOM_COUNT, ' and '.join(sorted(modes))),
        configurations=len(actual), entries=entries, disagreements=len(disagreements),
        explained=len(disagreements) - len(unexplained), unexplained=len(unexplained) + len(crashes),
        findings=dict((_key(k), v) for k, v in FINDINGS.items() if _key(k) in finding_counts),
        finding_counts=finding_counts, stale=stale, rejecting=len(rejecting),
        validator_checked=validator_checked, validator_gaps=gaps,
        validator_gap_reasons=dict((k, VALIDATOR_GAPS[k]) for k in gaps),
        validator_new=len(validator_new),
        resolved=dict((_key(k), v) for k, v in RESOLVED.items()))
    assert len(rejecting) >= 100, 'too few cases where xinetd rejects something: %d' % len(rejecting)
    assert not crashes, 'our engine raised on %d cases:\n%s' % (len(crashes), '\n'.join(crashes))
    assert not unexplained, '%d new disagreements with the real xinetd:\n%s' % (
        len(unexplained), '\n'.join(unexplained))
    assert not unmatched, 'dropped entries in files the validator did not see: %s' % unmatched
    assert not validator_new, '%d drops the pre-apply validation misses:\n%s' % (
        len(validator_new), '\n'.join(validator_new))
    # an open finding or gap that no case shows any more is no longer true
    # (fixed, or its case lost from the corpus): move it to RESOLVED
    assert not stale, 'open findings no case shows any more (move them to RESOLVED): %s' % stale
    stale_gaps = sorted(set(VALIDATOR_GAPS) - set(gaps))
    assert not stale_gaps, 'validator gaps no case shows any more: %s' % stale_gaps
    stale_edges = sorted(name for name, key in EDGE_FINDINGS.items()
                         if key not in FINDINGS or name not in by_name)
    assert not stale_edges, 'EDGE_FINDINGS naming no open finding or no case: %s' % stale_edges


def test_comparison_detects_each_kind_of_disagreement():
    """compare() is the judge: it must see a wrong exit, a wrong id and a wrong port."""
    dump = ('Service = s1\n\tState = Active\n\tService configuration: s1\n\t\tid = s1\n'
            '\t\tport = 20001\n\nService = s2\n\tState = Active\n\t\tid = s2\n\t\tport = 20002\n')
    actual = {'exited': False, 'dump': '\n' + dump, 'listening': ['tcp/20001', 'tcp/20002']}
    good = {'exits': False, 'active': ['s1', 'S2'], 'ports': ['tcp/20001', 'tcp/20002']}
    assert diffcases.compare(actual, good) == []
    assert diffcases.compare(actual, dict(good, exits=True))
    assert diffcases.compare(actual, dict(good, active=['s1']))
    assert diffcases.compare(actual, dict(good, active=['s1', 's2', 's3']))
    assert diffcases.compare(actual, dict(good, ports=['tcp/20001']))
    assert diffcases.compare(actual, dict(good, ports=['tcp/20001', 'udp/20002']))
    assert diffcases.compare(dict(actual, exited=True, dump=None, listening=[]), good)
    assert diffcases.compare(actual, {'crash': 'Traceback\nValueError: x'})
