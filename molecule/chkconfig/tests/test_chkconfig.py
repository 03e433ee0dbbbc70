# -*- coding: utf-8 -*-
"""Verify the chkconfig scenario: exact rc links (names and targets) on
both layouts, xinetd files changed only in their disable lines (blank
lines, comments and mode kept), the running xinetd serving what was turned
on, and chkconfig_info reporting the same tables as the links.

Everything is read from the container in one round trip (the snapshot
fixture); only the live connection test talks to the container again."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import shlex

import pytest
import testinfra.utils.ansible_runner

testinfra_hosts = testinfra.utils.ansible_runner.AnsibleRunner(
    os.environ['MOLECULE_INVENTORY_FILE']).get_hosts('all')

DEBIAN_RC = '/etc/rc%d.d'
RHEL_RC = '/srv/rhel/etc/rc.d/rc%d.d'

SNAPSHOT = r'''
import json, os, re, stat, sys
out = {'links': {}, 'files': {}, 'dirs': {}}
for pattern in sys.argv[1].split(','):
    for level in range(7):
        d = pattern % level
        out['links'][d] = sorted((e, os.readlink(os.path.join(d, e))) for e in os.listdir(d)
                                 if os.path.islink(os.path.join(d, e))) if os.path.isdir(d) else None
for path in sys.argv[2].split(','):
    st = os.stat(path)
    out['files'][path] = {'content': open(path).read(), 'mode': stat.S_IMODE(st.st_mode),
                          'uid': st.st_uid, 'gid': st.st_gid}
for d in sys.argv[3].split(','):
    out['dirs'][d] = sorted(os.listdir(d)) if os.path.isdir(d) else None
print(json.dumps(out))
'''

FILES = ['/etc/xinetd.d/echo', '/root/echo.orig', '/etc/xinetd.d/daytime', '/srv/rhel/etc/xinetd.d/telnet',
         '/root/chkconfig_info-debian.json', '/root/chkconfig_info-rhel.json']


@pytest.fixture(scope='module')
def snap(host):
    out = host.check_output('python3 -c %s %s %s %s' % (
        shlex.quote(SNAPSHOT), shlex.quote(DEBIAN_RC + ',' + RHEL_RC + ',/srv/rhel/etc/rc%d.d'),
        shlex.quote(','.join(FILES)), shlex.quote('/etc/xinetd.d')))
    return json.loads(out)


def service_links(snap, pattern, name):
    """{level: [(entry, target)]} for the service's [SK]NN links."""
    result = {}
    for level in range(7):
        entries = snap['links'][pattern % level] or []
        result[level] = [tuple(e) for e in entries
                         if e[0][:1] in 'SK' and e[0][1:3].isdigit() and e[0][3:] == name]
    return result


def table(link_map):
    return dict((str(level), 'on' if any(e.startswith('S') for e, _t in entries) else 'off')
                for level, entries in link_map.items())


def test_debian_links_exact(snap):
    # 3 and 5 were already on (S01 from the package's update-rc.d) and keep
    # their link; 2 and 4 are turned off with the LSB stop priority 50 (no
    # script in the image provides xinetd's Required-Stop facilities); 0, 1
    # and 6 were already off.
    assert service_links(snap, DEBIAN_RC, 'xinetd') == {
        0: [('K01xinetd', '../init.d/xinetd')],
        1: [('K01xinetd', '../init.d/xinetd')],
        2: [('K50xinetd', '../init.d/xinetd')],
        3: [('S01xinetd', '../init.d/xinetd')],
        4: [('K50xinetd', '../init.d/xinetd')],
        5: [('S01xinetd', '../init.d/xinetd')],
        6: [('K01xinetd', '../init.d/xinetd')],
    }


def test_rhel_links_exact(snap):
    expected = dict((level, [('S55xinetd' if level in (3, 5) else 'K25xinetd', '../init.d/xinetd')])
                    for level in range(7))
    assert service_links(snap, RHEL_RC, 'xinetd') == expected
    # nothing written outside the layout
    assert all(snap['links']['/srv/rhel/etc/rc%d.d' % level] is None for level in range(7))


def test_update_rc_d_backend(snap):
    got = service_links(snap, DEBIAN_RC, 'inetutils-syslogd')
    assert [e for e, _t in got[2]] == ['K01inetutils-syslogd']
    assert [e for e, _t in got[3]] == ['S01inetutils-syslogd']


def test_echo_file_only_disable_lines_changed(snap):
    echo = snap['files']['/etc/xinetd.d/echo']
    original = snap['files']['/root/echo.orig']['content']
    assert original.count('\tdisable\t\t= yes') == 2
    assert echo['content'] == original.replace('\tdisable\t\t= yes', '\tdisable\t\t= no')
    assert '\n\n# This is the udp version.' in echo['content']
    assert echo['mode'] == 0o644 and echo['uid'] == 0 and echo['gid'] == 0
    # no temporary file left behind in the include directory
    assert snap['dirs']['/etc/xinetd.d'] == sorted(['chargen', 'chargen-udp', 'daytime', 'daytime-udp', 'discard',
                                                    'discard-udp', 'echo', 'echo-udp', 'servers', 'services',
                                                    'time', 'time-udp'])


def test_daytime_untouched(snap):
    assert snap['files']['/etc/xinetd.d/daytime']['content'].count('\tdisable\t\t= yes') == 2


def test_rhel_telnet_file(snap):
    telnet = snap['files']['/srv/rhel/etc/xinetd.d/telnet']
    assert '        disable         = yes\n' in telnet['content']
    assert 'disable         = no' not in telnet['content']
    assert '\n\n        # the login server\n' in telnet['content']       # blank line and comment kept
    assert telnet['mode'] == 0o644


def test_chkconfig_info_matches_links(snap):
    debian = json.loads(snap['files']['/root/chkconfig_info-debian.json']['content'])
    rhel = json.loads(snap['files']['/root/chkconfig_info-rhel.json']['content'])
    assert debian['layout'] == 'debian' and rhel['layout'] == 'rhel'
    assert debian['services']['xinetd'] == {'kind': 'sysv', 'runlevels': table(service_links(snap, DEBIAN_RC, 'xinetd'))}
    assert rhel['services']['xinetd'] == {'kind': 'sysv', 'runlevels': table(service_links(snap, RHEL_RC, 'xinetd'))}
    assert debian['services']['inetutils-syslogd']['runlevels'] == \
        table(service_links(snap, DEBIAN_RC, 'inetutils-syslogd'))
    assert debian['services']['echo'] == {'kind': 'xinetd', 'enabled': True}
    assert debian['services']['daytime'] == {'kind': 'xinetd', 'enabled': False}
    assert rhel['services']['telnet'] == {'kind': 'xinetd', 'enabled': False}
    assert debian['xinetd_enabled'] is True and rhel['xinetd_enabled'] is True


# tools/telnet_probe.py, run in the container from its source (python3 -c)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'tools', 'telnet_probe.py')) as f:
    PROBE = f.read()


def test_running_xinetd_serves_echo_after_reload(host):
    """echo was off when xinetd started; it answers now, so the module's
    reload made the real xinetd load the edited file."""
    pid = int(host.file('/run/xinetd.pid').content_string)
    comm = host.file('/proc/%d/comm' % pid).content_string.strip()
    answer = host.check_output('python3 -c %s connect 127.0.0.1 --port 7 --timeout 5 --send chkconfig --expect chkconfig --text'
                               % shlex.quote(PROBE)).strip()
    assert [comm, answer] == ['xinetd', 'chkconfig']
