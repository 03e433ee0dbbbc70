# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Faults on the write-and-reload path, with the real xinetd in a container.

Each scenario runs ``fault_driver.py`` in the container: xinetd not running,
a configuration that makes the real xinetd exit on reload, a stand-in xinetd
that dies on SIGHUP, xinetd killed between the write and the reload,
xinetd stopped (SIGSTOP) while it is asked to reload, the writer SIGKILLed in the middle of writing, the include directory full
(tiny tmpfs) or read-only (``:ro`` bind mount).  After each: the file on
disk is the old one or the new one (never a mix), the result says what
happened, and xinetd runs again where it ran before.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import shutil
import tempfile

import pytest

import relhelpers

PYTREE = os.path.join(relhelpers.ROOT, 'build', 'pytree')
MOUNTS = ['-v', '%s:/reliability:ro' % relhelpers.HERE,
          '-v', '%s:%s:ro' % (relhelpers.ROOT, relhelpers.ROOT),
          '-v', '%s:/pytree:ro' % PYTREE]

SHARED = ['not-running', 'start-when-stopped', 'fatal-on-reload', 'fake-dies-on-reload', 'killed-before-reload',
          'killed-mid-write', 'stopped-during-reload']


def _drive(container, scenario):
    proc = container.exec_('python3', '/reliability/fault_driver.py', '/pytree', scenario,
                           check=False, timeout=300)
    assert proc.returncode == 0, 'driver failed for %s: %s %s' % (scenario, proc.stdout, proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _judge(out):
    """Record the fault; return a list of problems (empty when survived)."""
    problems = []
    if out['disk'] not in out['expect_disk']:
        problems.append('file on disk is %s, expected %s' % (out['disk'], out['expect_disk']))
    if out['disk'] in ('mixed', 'missing'):
        lost = 1
    else:
        lost = 0
    if not out.get('told'):
        problems.append('the result does not say what happened: %r' % (out.get('result'),))
    if 'running' in out and out['scenario'] != 'not-running' and not out['running']:
        problems.append('xinetd is not running afterwards')
    if out['scenario'] in ('start-when-stopped', 'fatal-on-reload', 'fake-dies-on-reload', 'killed-before-reload',
                           'stopped-during-reload') \
            and not out.get('listening'):
        problems.append('xinetd does not serve the old configuration afterwards')
    injected = out.get('kills') or out.get('rounds') or 1
    if 'failed_rounds' in out:
        survived = injected - out['failed_rounds']
    else:
        survived = 0 if problems else injected
    relhelpers.record('fault', label=out['scenario'], injected=injected, survived=survived,
                      data_lost=lost)
    return problems


@pytest.fixture(scope='module')
def shared_container(container_reason):
    if container_reason:
        pytest.skip(container_reason)
    container = relhelpers.Container('sysv-fault', network='none', extra=MOUNTS)
    container.start()
    yield container
    container.stop()


@pytest.mark.parametrize('scenario', SHARED)
def test_fault(shared_container, scenario):
    out = _drive(shared_container, scenario)
    problems = _judge(out)
    assert not problems, '%s: %s\n%s' % (scenario, problems, json.dumps(out, indent=1))


@pytest.mark.usefixtures('need_containers')
def test_fault_disk_full():
    container = relhelpers.Container('sysv-fault-full', network='none',
                                     extra=MOUNTS + ['--tmpfs', '/etc/xinetd.d:size=64k'])
    with container:
        out = _drive(container, 'disk-full')
    problems = _judge(out)
    assert not problems, 'disk-full: %s\n%s' % (problems, json.dumps(out, indent=1))


@pytest.mark.usefixtures('need_containers')
def test_fault_read_only():
    import fault_driver
    ro = tempfile.mkdtemp(prefix='sysv-ro-')
    try:
        with open(os.path.join(ro, 'relsvc'), 'w') as handle:
            handle.write(fault_driver.OLD_SVC)
        container = relhelpers.Container('sysv-fault-ro', network='none',
                                         extra=MOUNTS + ['-v', '%s:/etc/xinetd.d:ro' % ro])
        with container:
            out = _drive(container, 'read-only')
        with open(os.path.join(ro, 'relsvc')) as handle:
            assert handle.read() == fault_driver.OLD_SVC
        assert os.listdir(ro) == ['relsvc'], 'a temporary file was left: %s' % os.listdir(ro)
    finally:
        shutil.rmtree(ro, ignore_errors=True)
    problems = _judge(out)
    assert not problems, 'read-only: %s\n%s' % (problems, json.dumps(out, indent=1))
