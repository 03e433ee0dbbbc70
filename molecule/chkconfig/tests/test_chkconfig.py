# -*- coding: utf-8 -*-
"""Verify the chkconfig scenario: exact rc links (names and targets) on
both layouts, xinetd files changed only in their disable lines (blank
lines, comments and mode kept), the running xinetd serving what was turned
on, and chkconfig_info reporting the same tables as the links."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re

import testinfra.utils.ansible_runner

testinfra_hosts = testinfra.utils.ansible_runner.AnsibleRunner(
    os.environ['MOLECULE_INVENTORY_FILE']).get_hosts('all')

DEBIAN_RC = '/etc/rc%d.d'
RHEL_RC = '/srv/rhel/etc/rc.d/rc%d.d'


def readlinks(host, pattern, name):
    """{level: [(entry, target)]} for the service's [SK]NN links (one round trip)."""
    dirs = ' '.join('%d:%s' % (level, pattern % level) for level in range(7))
    cmd = ('for ld in %s; do l=${ld%%%%:*}; d=${ld#*:}; for f in "$d"/[SK][0-9][0-9]%s; do '
           '[ -L "$f" ] && echo "$l ${f##*/} $(readlink "$f")"; done; done; true' % (dirs, name))
    out = dict((level, []) for level in range(7))
    for line in host.check_output(cmd).splitlines():
        level, entry, target = line.split(' ', 2)
        out[int(level)].append((entry, target))
    return out


def table(link_map):
    return dict((str(level), 'on' if any(e.startswith('S') for e, _t in entries) else 'off')
                for level, entries in link_map.items())


def test_debian_links_exact(host):
    got = readlinks(host, DEBIAN_RC, 'xinetd')
    # 3 and 5 were already on (S01 from the package's update-rc.d) and keep
    # their link; 2 and 4 are turned off with the LSB stop priority 50 (no
    # script in the image provides xinetd's Required-Stop facilities); 0, 1
    # and 6 were already off.
    assert got == {
        0: [('K01xinetd', '../init.d/xinetd')],
        1: [('K01xinetd', '../init.d/xinetd')],
        2: [('K50xinetd', '../init.d/xinetd')],
        3: [('S01xinetd', '../init.d/xinetd')],
        4: [('K50xinetd', '../init.d/xinetd')],
        5: [('S01xinetd', '../init.d/xinetd')],
        6: [('K01xinetd', '../init.d/xinetd')],
    }


def test_rhel_links_exact(host):
    got = readlinks(host, RHEL_RC, 'xinetd')
    expected = dict((level, [('S55xinetd' if level in (3, 5) else 'K25xinetd', '../init.d/xinetd')])
                    for level in range(7))
    assert got == expected
    assert not host.file('/srv/rhel/etc/rc3.d').exists      # nothing written outside the layout


def test_update_rc_d_backend(host):
    got = readlinks(host, DEBIAN_RC, 'inetutils-syslogd')
    assert [e for e, _t in got[2]] == ['K01inetutils-syslogd']
    assert [e for e, _t in got[3]] == ['S01inetutils-syslogd']


def test_echo_file_only_disable_lines_changed(host):
    f = host.file('/etc/xinetd.d/echo')
    original = host.file('/root/echo.orig').content_string
    assert f.content_string == original.replace('\tdisable\t\t= yes', '\tdisable\t\t= no')
    assert original.count('\tdisable\t\t= yes') == 2
    assert '\n\n# This is the udp version.' in f.content_string
    assert f.mode == 0o644 and f.user == 'root' and f.group == 'root'
    leftovers = host.check_output('ls -A /etc/xinetd.d').split()
    assert sorted(leftovers) == sorted(['chargen', 'chargen-udp', 'daytime', 'daytime-udp', 'discard',
                                        'discard-udp', 'echo', 'echo-udp', 'servers', 'services', 'time',
                                        'time-udp'])


def test_daytime_untouched(host):
    assert host.file('/etc/xinetd.d/daytime').content_string.count('\tdisable\t\t= yes') == 2


def test_running_xinetd_serves_echo_after_reload(host):
    pid = int(host.file('/run/xinetd.pid').content_string.strip())
    assert host.file('/proc/%d/comm' % pid).content_string.strip() == 'xinetd'
    assert host.socket('tcp://7').is_listening
    out = host.check_output("python3 -c 'import socket; s = socket.create_connection((\"127.0.0.1\", 7), 5); "
                            "s.sendall(b\"chkconfig\\n\"); print(s.recv(100).decode().strip())'")
    assert out == 'chkconfig'


def test_rhel_telnet_file(host):
    f = host.file('/srv/rhel/etc/xinetd.d/telnet')
    text = f.content_string
    assert '        disable         = yes\n' in text and 'disable         = no' not in text
    assert '\n\n        # the login server\n' in text       # blank line and comment kept
    assert f.mode == 0o644


def test_chkconfig_info_matches_links(host):
    debian = json.loads(host.file('/root/chkconfig_info-debian.json').content_string)
    rhel = json.loads(host.file('/root/chkconfig_info-rhel.json').content_string)
    assert debian['layout'] == 'debian' and rhel['layout'] == 'rhel'
    assert debian['services']['xinetd'] == {'kind': 'sysv', 'runlevels': table(readlinks(host, DEBIAN_RC, 'xinetd'))}
    assert rhel['services']['xinetd'] == {'kind': 'sysv', 'runlevels': table(readlinks(host, RHEL_RC, 'xinetd'))}
    assert debian['services']['inetutils-syslogd']['runlevels'] == \
        table(readlinks(host, DEBIAN_RC, 'inetutils-syslogd'))
    assert debian['services']['echo'] == {'kind': 'xinetd', 'enabled': True}
    assert debian['services']['daytime'] == {'kind': 'xinetd', 'enabled': False}
    assert rhel['services']['telnet'] == {'kind': 'xinetd', 'enabled': False}
    assert debian['xinetd_enabled'] is True and rhel['xinetd_enabled'] is True
