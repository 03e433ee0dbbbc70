# -*- coding: utf-8 -*-
"""Verify the service_el6 scenario's end state: the module's links for
each twin are the ones CentOS 6's chkconfig made for the other twin from
the same override (read in one round trip), the fixture daemon runs as
EL6's `service` reports, and daytime-stream answers on port 13."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import shlex

import pytest
import testinfra.utils.ansible_runner

testinfra_hosts = testinfra.utils.ansible_runner.AnsibleRunner(
    os.environ['MOLECULE_INVENTORY_FILE']).get_hosts('all')

DAYTIME = re.compile(r'[0-3][0-9] (JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC) [0-9]{4} '
                     r'[0-2][0-9]:[0-5][0-9]:[0-6][0-9]( [A-Za-z0-9+-]+)?$')

SNAPSHOT = r'''
import json, os, subprocess
out = {'links': {}, 'list': {}}
names = ['elfix-mod', 'elfix-cc', 'elfix-new-mod', 'elfix-new-cc', 'elfix-lsb-mod']
for name in names:
    out['links'][name] = [sorted(e[:3] + ':' + os.readlink('/etc/rc.d/rc%d.d/%s' % (l, e))
                                 for e in os.listdir('/etc/rc.d/rc%d.d' % l) if e[3:] == name)
                          for l in range(7)]
    text = subprocess.check_output(['chkconfig', '--list', name], env=dict(os.environ, LC_ALL='C')).decode()
    out['list'][name] = text.split(None, 1)[1].strip()
out['status'] = subprocess.call(['service', 'elfix-mod', 'status'], stdout=subprocess.DEVNULL)
out['daytime'] = subprocess.check_output(['python3', '/usr/local/bin/telnet_probe', 'connect', '127.0.0.1',
                                          '--port', '13', '--timeout', '30', '--text', '--shut']).decode().strip()
print(json.dumps(out))
'''


@pytest.fixture(scope='module')
def snap(host):
    return json.loads(host.check_output('python3 -c %s' % shlex.quote(SNAPSHOT)))


def _strip(links, name):
    return [[entry.replace(name, 'X') for entry in level] for level in links]


@pytest.mark.parametrize('twin', ['elfix', 'elfix-new'])
def test_module_links_equal_chkconfig_links(snap, twin):
    mod = _strip(snap['links'][twin + '-mod'], twin + '-mod')
    cc = _strip(snap['links'][twin + '-cc'], twin + '-cc')
    assert mod == cc
    assert snap['list'][twin + '-mod'] == snap['list'][twin + '-cc']


def test_priorities_on_disk(snap):
    assert snap['links']['elfix-mod'][3] == ['S30:../init.d/elfix-mod']
    assert snap['links']['elfix-mod'][4] == ['K70:../init.d/elfix-mod']
    assert snap['links']['elfix-lsb-mod'][5] == ['S60:../init.d/elfix-lsb-mod']


def test_runtime(snap):
    assert snap['status'] == 0
    # xinetd's internal daytime (builtins.c daytime_protocol), e.g. "07 DEC 2026 21:40:01 UTC";
    # the probe's failure markers ("(reset)", "(open, no data)", "refused") do not match
    assert DAYTIME.match(snap['daytime']), snap['daytime']
