# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The differential xinetd corpus (test_differential.py) against xinetd 2.3.14.

The same cases that Debian's xinetd 2.3.15.3 loads in test_differential are
loaded into the xinetd 2.3.14 of the EL6 tools image, and predicted by
xinetd_info's engine in the same container.  Where 2.3.14 does otherwise,
the case must be one of the version differences the collection knows
(``_xinetd.versions.DIFFERENCES``): those are what the modules refuse
before writing on a 2.3.14 target.  A disagreement outside that table fails.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import shutil
import tempfile

import pytest

import diffcases
import el6help
import relhelpers
import test_differential

from ansible_collections.sysv.services.plugins.module_utils._xinetd import versions as xv


def _case_difference(item):
    """The version-difference key that one of the case's files triggers on 2.3.14, or None."""
    from ansible_collections.sysv.services.plugins.module_utils._xinetd.parser import parse
    for path, text in sorted((item.get('files') or {}).items()):
        found = xv.check_text(text, (2, 3, 14))
        if found:
            return found[0].code
        doc = parse(text)[0]
        for code, entry in sorted(xv.ACCEPTED_BY_OLDER.items()):
            if xv.applies(code, (2, 3, 14)) and entry['test'](doc):
                return code
    return None


@pytest.fixture(scope='module')
def run_2314():
    reason = el6help.missing()
    if reason:
        relhelpers.record('skipped', label='xinetd 2.3.14 differential', reason=reason)
        pytest.skip(reason)
    cases = diffcases.all_cases(test_differential.SEED, test_differential.RANDOM_COUNT)
    workdir = tempfile.mkdtemp(prefix='sysv-el6xin-')
    box = el6help.El6Container('sysv-el6xin', extra=['-v', '%s:/cases:ro' % workdir])
    try:
        box.start()
        version = box.exec_('xinetd', '-version', check=False)
        names, actual, predicted = test_differential._run(box, workdir, cases)
    finally:
        box.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return cases, names, actual, predicted, version.stdout + version.stderr


def test_xinetd_2314_differences_are_known(run_2314):
    cases, names, actual, predicted, version = run_2314
    assert '2.3.14' in version, version
    by_name = dict((c['name'], c) for c in cases)
    entries = 0
    explained = {}
    unexplained = []
    for dirname in sorted(actual):
        item = by_name[names[dirname]]
        act, pred = actual[dirname], predicted[dirname]
        entries += len(diffcases.parse_dump(act['dump']))
        diffs = diffcases.compare(act, pred)
        if not diffs:
            continue
        key = _case_difference(item)
        if key is not None:
            explained[key] = explained.get(key, 0) + 1
            continue
        log = [line for line in (act['log'] or '').splitlines()
               if 'ERROR' in line or 'WARNING' in line or 'DISABLING' in line][:4]
        unexplained.append('%s: %s\n      files: %r\n      xinetd 2.3.14 log: %s' % (
            item['name'], '; '.join(diffs), item['files'], log))
    relhelpers.record(
        'el6-xinetd',
        label='xinetd 2.3.14 (EL6 tools image) on the differential corpus of the 2.3.15 test: '
              '%d configurations, %d service entries loaded; %d configurations behave '
              'otherwise than on 2.3.15, all explained by a known version difference: %s; '
              'unexplained: %d.' % (len(actual), entries, sum(explained.values()),
                                    ', '.join('%s %d' % kv for kv in sorted(explained.items())) or 'none',
                                    len(unexplained)),
        differences=dict((k, v['doc']) for k, v in list(xv.DIFFERENCES.items()) +
                         list(xv.ACCEPTED_BY_OLDER.items())))
    assert len(actual) == len(cases)
    assert not unexplained, '%d disagreements on xinetd 2.3.14:\n%s' % (
        len(unexplained), '\n'.join(unexplained[:30]))
    # every known difference of 2.3.14 is shown by at least one case: one
    # that no case shows any more is unproven (its case lost, or it is wrong)
    known = sorted(code for code in list(xv.DIFFERENCES) + list(xv.ACCEPTED_BY_OLDER)
                   if xv.applies(code, (2, 3, 14)))
    unshown = [code for code in known if code not in explained]
    assert not unshown, 'known 2.3.14 differences no case shows: %s (shown: %s)' % (unshown, explained)


def test_modules_refuse_what_2314_drops_before_writing():
    """On the EL6 tools image (xinetd 2.3.14, started as the init script does),
    xinetd_service refuses flags = IPv4 IPv6 in check mode and for real, writes
    nothing, and still writes what 2.3.14 serves."""
    reason = el6help.missing()
    if reason:
        pytest.skip(reason)
    with el6help.El6Container('sysv-el6refuse') as box:
        box.exec_('service', 'xinetd', 'start')
        pid_before = box.exec_('cat', '/var/run/xinetd.pid').stdout.strip()
        proc = box.exec_('python3', '/reliability/el6_refuse_driver.py', '/pytree', '/ansible-site')
        pid_after = box.exec_('cat', '/var/run/xinetd.pid').stdout.strip()
        alive = box.exec_('kill', '-0', pid_after, check=False).returncode == 0
    out = json.loads(proc.stdout)
    for label in ('flags IPv4 IPv6 (check mode)', 'flags IPv4 IPv6'):
        assert out[label]['failed'] and not out[label]['written'], out[label]
        assert 'xinetd 2.3.14 on this host drops' in out[label]['msg'], out[label]['msg']
    for label in ('flags IPv4', 'dgram wait no'):
        assert not out[label]['failed'] and out[label]['written'] and out[label]['changed'], out[label]
    assert pid_before == pid_after and alive
