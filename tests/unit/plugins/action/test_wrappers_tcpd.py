# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The hosts.allow line telnet_hardening writes from only_from, judged by the
real TCP wrappers: Debian's ``tcpdmatch`` (tcpd 7.6.q, libwrap's own
matching code) reads the role's hosts.allow and hosts.deny lines and says
whether a client is granted, for addresses inside and outside what xinetd's
only_from admits (xinetd.conf(5): trailing zero octets are wildcards,
factorized addresses, CIDR, IPv6, 0.0.0.0 for everyone).

``make xinetd-root`` unpacks tcpd and libwrap0 into build/xinetd-root; without
them the tests skip and say so.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess

import pytest

from ansible.errors import AnsibleError

from ansible_collections.sysv.services.plugins.action import xinetd_role as xr
from ansible_collections.sysv.services.plugins.module_utils._xinetd import wrappers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
UNPACKED = os.path.join(ROOT, 'build', 'xinetd-root')
TCPDMATCH = os.path.join(UNPACKED, 'usr', 'sbin', 'tcpdmatch')
LIBS = [os.path.join(UNPACKED, 'usr', 'lib', 'x86_64-linux-gnu'), os.path.join(UNPACKED, 'lib', 'x86_64-linux-gnu')]

needs_tcpdmatch = pytest.mark.skipif(
    not os.access(TCPDMATCH, os.X_OK),
    reason='no tcpdmatch in build/xinetd-root: run `make xinetd-root` (apt-get download tcpd libwrap0)')


def _lines(only_from, allow=()):
    v = {'telnet_hardening_server': '/usr/sbin/in.telnetd', 'telnet_hardening_state': 'present',
         'telnet_hardening_tcp_wrappers_allow': list(allow), 'telnet_hardening_only_from': list(only_from)}
    return xr.wrappers_lines(v)


def _granted(tmp_path, only_from, client):
    _regexp, allow, deny = _lines(only_from)
    tmp_path.joinpath('hosts.allow').write_text(allow + '\n')
    tmp_path.joinpath('hosts.deny').write_text(deny + '\n')
    env = dict(os.environ)
    env['LD_LIBRARY_PATH'] = ':'.join(LIBS + ([env['LD_LIBRARY_PATH']] if env.get('LD_LIBRARY_PATH') else []))
    out = subprocess.check_output([TCPDMATCH, '-d', 'in.telnetd', client], cwd=str(tmp_path), env=env,
                                  stderr=subprocess.STDOUT).decode()
    verdict = [line.split()[-1] for line in out.splitlines() if line.startswith('access:')]
    assert verdict in (['granted'], ['denied']), out
    return verdict == ['granted']


# (only_from value, clients xinetd admits, clients it refuses)
CASES = [
    ('10.1.0.0', ['10.1.0.1', '10.1.255.254'], ['10.2.0.1', '10.10.0.1']),
    ('10.0.0.0', ['10.200.3.4'], ['11.0.0.1']),
    ('192.0.2.7', ['192.0.2.7'], ['192.0.2.8', '192.0.2.70']),
    ('10.1.0.0/16', ['10.1.9.9'], ['10.2.0.1']),
    ('10.1.2.3/16', ['10.1.200.1'], ['10.3.2.3']),      # host bits: xinetd masks them
    ('172.16.0.0/12', ['172.31.255.1'], ['172.32.0.1']),
    ('192.0.2.7/32', ['192.0.2.7'], ['192.0.2.6']),
    ('10.1.{2,3}', ['10.1.2.9', '10.1.3.9'], ['10.1.4.9', '10.1.20.9']),
    ('10.1.2.{7,9}', ['10.1.2.7', '10.1.2.9'], ['10.1.2.8', '10.1.2.70']),
    ('0.0.0.0', ['10.1.2.3', '203.0.113.9'], []),
    ('2001:db8::5', ['2001:db8::5'], ['2001:db8::6']),
    ('2001:db8::/32', ['2001:db8:1::1'], ['2001:db9::1']),
]


@needs_tcpdmatch
@pytest.mark.parametrize('value, admitted, refused', CASES)
def test_tcpd_admits_what_only_from_admits(tmp_path, value, admitted, refused):
    for client in admitted:
        assert _granted(tmp_path, [value], client), (value, client, _lines([value])[1])
    for client in refused:
        assert not _granted(tmp_path, [value], client), (value, client, _lines([value])[1])


@needs_tcpdmatch
def test_the_old_verbatim_copy_was_wrong(tmp_path):
    # what the role wrote before: the only_from text as it is; tcpd reads
    # '10.1.0.0' as one address and refuses the network xinetd admits
    tmp_path.joinpath('hosts.allow').write_text(u'in.telnetd: 10.1.0.0\n')
    tmp_path.joinpath('hosts.deny').write_text(u'in.telnetd: ALL\n')
    env = dict(os.environ, LD_LIBRARY_PATH=':'.join(LIBS))
    out = subprocess.check_output([TCPDMATCH, '-d', 'in.telnetd', '10.1.0.1'], cwd=str(tmp_path),
                                  env=env, stderr=subprocess.STDOUT).decode()
    assert 'access:   denied' in out


def test_translated_line():
    assert _lines(['10.1.0.0', '10.1.0.0/16', '127.0.0.1', '.example.com', 'gw1', '10.1.{2,3}'])[1] == \
        'in.telnetd: 10.1. 10.1.0.0/255.255.0.0 127.0.0.1 .example.com gw1 10.1.2. 10.1.3.'
    assert _lines(['0.0.0.0'])[1] == 'in.telnetd: ALL'
    assert _lines(['10.0.0.0/0'])[1] == 'in.telnetd: ALL'
    assert _lines(['2001:db8::/32', '::1'])[1] == 'in.telnetd: [2001:db8::]/32 [::1]'
    # the user's own hosts_access(5) list is written as given
    assert _lines(['10.1.0.0'], allow=['LOCAL', '10.1.'])[1] == 'in.telnetd: LOCAL 10.1.'


@pytest.mark.parametrize('value, why', [
    ('10.1.0.0/40', 'prefix longer than 32'),
    ('fe80::1%eth0', 'IPv6 scope'),
    ('10.1.0.0,10.2.0.0', 'comma outside braces'),
])
def test_values_without_a_faithful_translation_are_refused(value, why):
    with pytest.raises(AnsibleError) as exc:
        _lines([value])
    msg = str(exc.value)
    assert msg.startswith('telnet_hardening_only_from: %s ' % value), msg
    assert why in msg and 'telnet_hardening_tcp_wrappers_allow' in msg


def test_state_absent_translates_nothing():
    v = {'telnet_hardening_server': '', 'telnet_hardening_state': 'absent',
         'telnet_hardening_tcp_wrappers_allow': [], 'telnet_hardening_only_from': ['10.1.0.0/40']}
    regexp, _allow, _deny = xr.wrappers_lines(v)
    assert regexp == xr.PLATFORM_DAEMONS_RE


def test_client_list_drops_duplicates():
    assert wrappers.client_list(['10.1.0.0', '10.1.0.0/16', '10.1.0.0']) == ['10.1.', '10.1.0.0/255.255.0.0']
