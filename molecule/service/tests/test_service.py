# -*- coding: utf-8 -*-
"""Verify the service scenario's end state on the container: the fixture
daemon's rc links renumbered to the priorities asked for (S30 where it is
on, K70 elsewhere), the /etc/chkconfig.d override chkconfig would read,
`service NAME status` for the fixture daemons, the xinetd ports served
(daytime) and not served (echo) over real connections, and the disable
lines of their files.

Everything is read in one round trip (the snapshot fixture): each testinfra
call over the podman connection costs seconds."""
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
import json, os, stat, subprocess
out = {'links': {}, 'files': {}, 'status': {}, 'probe': {}}
for level in range(7):
    d = '/etc/rc%d.d' % level
    out['links'][level] = sorted((e, os.readlink(os.path.join(d, e))) for e in os.listdir(d)
                                 if e[3:] == 'sysvfixd' and os.path.islink(os.path.join(d, e)))
for path in ('/etc/chkconfig.d/sysvfixd', '/var/tmp/converge-sysvfixd.json', '/run/sysvfixd.pid',
             '/etc/xinetd.d/daytime', '/etc/xinetd.d/echo'):
    out['files'][path] = {'content': open(path).read(), 'mode': stat.S_IMODE(os.stat(path).st_mode)}
for name in ('sysvfixd', 'sysvfixd-noreload', 'sysvfixd-dispatch'):
    out['status'][name] = subprocess.call(['service', name, 'status'], stdout=subprocess.DEVNULL)
for port in (8081, 8082, 13, 7):
    out['probe'][port] = subprocess.check_output(['python3', '/usr/local/bin/telnet_probe', 'connect', '127.0.0.1',
                                                '--port', str(port), '--timeout', '30', '--text', '--shut']).decode().strip()
print(json.dumps(out))
'''


@pytest.fixture(scope='module')
def snap(host):
    return json.loads(host.check_output('python3 -c %s' % shlex.quote(SNAPSHOT)))


def test_links_renumbered_as_chkconfig(snap):
    found = snap['links']
    for level in ('2', '3', '4', '5'):
        assert found[level] == [['S30sysvfixd', '../init.d/sysvfixd']], found
    for level in ('0', '1', '6'):
        assert found[level] == [['K70sysvfixd', '../init.d/sysvfixd']], found


def test_override_file(snap):
    override = snap['files']['/etc/chkconfig.d/sysvfixd']
    assert override['content'] == '# chkconfig: 2345 30 70\n'
    assert override['mode'] == 0o644


def test_first_converge_reported_the_renumbering(snap):
    report = json.loads(snap['files']['/var/tmp/converge-sysvfixd.json']['content'])
    assert report['changed'] is True
    assert report['before']['3'] == 'on'
    assert report['links']['3'] == ['S30sysvfixd']
    assert report['links']['0'] == ['K70sysvfixd']
    assert report['start_priority'] == 30 and report['stop_priority'] == 70
    assert report['action'] == 'start' and report['running'] is True


def test_fixture_daemons_status(snap):
    assert snap['status'] == {'sysvfixd': 0, 'sysvfixd-noreload': 3, 'sysvfixd-dispatch': 3}


def test_fixture_daemon_answers(snap):
    pid = snap['files']['/run/sysvfixd.pid']['content'].strip()
    assert snap['probe']['8081'].startswith('sysvfixd pid %s ' % pid)
    assert snap['probe']['8082'] == 'refused'


def test_xinetd_ports(snap):
    # xinetd's internal daytime (builtins.c daytime_protocol), e.g. "07 DEC 2026 21:40:01 UTC";
    # the probe's failure markers ("(reset)", "(open, no data)", "refused") do not match
    assert DAYTIME.match(snap['probe']['13']), snap['probe']['13']
    assert snap['probe']['7'] == 'refused'


def test_xinetd_files(snap):
    daytime = snap['files']['/etc/xinetd.d/daytime']
    echo = snap['files']['/etc/xinetd.d/echo']['content']
    assert daytime['content'].count('disable\t\t= no') == 2 and 'disable\t\t= yes' not in daytime['content']
    assert echo.count('disable\t\t= yes') == 2 and 'disable\t\t= no' not in echo
    assert daytime['mode'] == 0o644
