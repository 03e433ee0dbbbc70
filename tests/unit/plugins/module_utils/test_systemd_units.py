# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pure tests of _systemd_units: the xinetd entry -> socket/service mapping,
access lists as systemd applies them, losses and refusals.  No Ansible."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import random

import pytest

from ansible_collections.sysv.services.plugins.module_utils._xinetd import systemd_access as sa
from ansible_collections.sysv.services.plugins.module_utils._xinetd import systemd_units as su
from ansible_collections.sysv.services.plugins.module_utils._xinetd import effective as _xinetd_effective
from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import v4_text


def entry(**attrs):
    port = attrs.pop('_port', 23)
    base = {'socket_type': ['stream'], 'wait': ['no'], 'user': ['root'],
            'server': ['/usr/sbin/telnetd']}
    for key, value in attrs.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return {'name': 'telnet', 'id': 'telnet', 'file': '/etc/xinetd.d/telnet', 'lineno': 1,
            'port': port, 'attributes': base}


def lines(text, key):
    return [line.split('=', 1)[1] for line in text.splitlines() if line.startswith(key + '=')]


# -- the socket and the service ------------------------------------------------------

def test_wait_no_is_accept_yes_with_a_template_service():
    p = su.plan(entry(instances=['5'], per_source=['2'], server_args=['-h']))
    assert p.order == ['telnet.socket', 'telnet@.service']
    sock, svc = p.units['telnet.socket'], p.units['telnet@.service']
    assert lines(sock, 'ListenStream') == ['23']
    assert lines(sock, 'Accept') == ['yes']
    assert lines(sock, 'MaxConnections') == ['5']
    assert lines(sock, 'MaxConnectionsPerSource') == ['2']
    assert lines(svc, 'ExecStart') == ['/usr/sbin/telnetd -h']
    assert lines(svc, 'StandardInput') == ['socket']
    assert lines(sock, 'WantedBy') == ['sockets.target']
    assert p.refusals == [] and p.losses == []


def test_wait_yes_is_accept_no_with_a_plain_service():
    p = su.plan(entry(wait=['yes'], instances=['5']))
    assert p.order == ['telnet.socket', 'telnet.service']
    assert lines(p.units['telnet.socket'], 'Accept') == ['no']
    # MaxConnections= only applies to Accept=yes
    assert lines(p.units['telnet.socket'], 'MaxConnections') == []
    assert lines(p.units['telnet.service'], 'Requires') == ['telnet.socket']


def test_dgram_wait_yes_listens_datagram():
    p = su.plan(entry(socket_type=['dgram'], wait=['yes'], _port=69))
    assert lines(p.units['telnet.socket'], 'ListenDatagram') == ['69']
    assert p.refusals == []


def test_dgram_wait_no_is_refused():
    p = su.plan(entry(socket_type=['dgram'], wait=['no'], _port=69))
    assert any('per datagram' in r for r in p.refusals)


@pytest.mark.parametrize('attrs, listen', [
    ({'bind': ['192.0.2.7']}, '192.0.2.7:23'),
    ({'bind': ['2001:db8::7']}, '[2001:db8::7]:23'),
    ({'flags': ['IPv4']}, '0.0.0.0:23'),
    ({'flags': ['IPv6']}, '[::]:23'),
    ({}, '23'),
])
def test_bind_and_family(attrs, listen):
    assert lines(su.plan(entry(**attrs)).units['telnet.socket'], 'ListenStream') == [listen]


def test_bind_hostname_is_refused():
    assert any('bind' in r for r in su.plan(entry(bind=['example.org'])).refusals)


def test_instances_unlimited_is_stated():
    p = su.plan(entry(instances=['UNLIMITED']))
    assert lines(p.units['telnet.socket'], 'MaxConnections') == [str(su.UNLIMITED_CONNECTIONS)]
    assert any('UNLIMITED' in n for n in p.notes)


def test_service_settings():
    p = su.plan(entry(user=['nobody'], group=['nogroup'], nice=['10'], umask=['027'],
                      env=['A=1', 'B=two'], passenv=['TZ', 'LANG'], rlimit_cpu=['UNLIMITED'],
                      rlimit_as=['8M'], server_args=['-a', '50%', '$HOME', 'x"y']))
    svc = p.units['telnet@.service']
    assert lines(svc, 'User') == ['nobody']
    assert lines(svc, 'Group') == ['nogroup']
    assert lines(svc, 'Nice') == ['10']
    assert lines(svc, 'UMask') == ['0027']
    assert lines(svc, 'Environment') == ['A=1 B=two']
    assert lines(svc, 'PassEnvironment') == ['TZ LANG']
    assert lines(svc, 'LimitCPU') == ['infinity']
    assert lines(svc, 'LimitAS') == ['8M']
    # % and $ are systemd specifiers / variables: doubled; quotes escaped
    assert lines(svc, 'ExecStart') == ['/usr/sbin/telnetd -a "50%%" "$$HOME" "x\\"y"']


def test_nameinargs_uses_the_at_prefix():
    p = su.plan(entry(flags=['NAMEINARGS'], server=['/usr/sbin/tcpd'],
                      server_args=['in.telnetd', '-h']))
    assert lines(p.units['telnet@.service'], 'ExecStart') == ['@/usr/sbin/tcpd in.telnetd -h']


def test_redirect_uses_socket_proxyd():
    p = su.plan(entry(redirect=['192.0.2.9', '2323'], server=None, instances=['7']))
    assert p.order == ['telnet.socket', 'telnet.service']
    assert lines(p.units['telnet.socket'], 'Accept') == ['no']
    assert lines(p.units['telnet.service'], 'ExecStart') == [
        '/lib/systemd/systemd-socket-proxyd --connections-max=7 192.0.2.9:2323']


def test_cps_maps_to_trigger_limit_with_the_difference_stated():
    p = su.plan(entry(cps=['10', '30']))
    sock = p.units['telnet.socket']
    assert lines(sock, 'TriggerLimitIntervalSec') == ['30s']
    assert lines(sock, 'TriggerLimitBurst') == ['10']
    note = [n for n in p.notes if n.startswith('cps')][0]
    assert 'failed state' in note and 'serves again' in note


# -- losses and refusals -------------------------------------------------------------

@pytest.mark.parametrize('attrs, loss', [
    ({'access_times': ['07:00-19:00']}, 'access_times'),
    ({'banner': ['/etc/issue.net']}, 'banner'),
    ({'banner_fail': ['/etc/nope']}, 'banner_fail'),
    ({'banner_success': ['/etc/ok']}, 'banner_success'),
    ({'log_on_failure': ['HOST', 'USERID']}, 'USERID'),
    ({'log_on_success': ['USERID']}, 'USERID'),
    ({'max_load': ['2.5']}, 'max_load'),
    ({'libwrap': ['in.telnetd']}, 'libwrap'),
    ({'flags': ['SENSOR'], 'deny_time': ['60']}, 'SENSOR'),
    ({'flags': ['INTERCEPT']}, 'INTERCEPT'),
    ({'type': ['RPC', 'UNLISTED']}, 'RPC'),
])
def test_losses_are_listed_and_must_be_accepted(attrs, loss):
    p = su.plan(entry(**attrs))
    names = [n for n, _r in p.losses]
    assert loss in names
    assert loss in [n for n, _r in p.unaccepted([])]
    assert loss not in [n for n, _r in p.unaccepted([loss.lower()])]


def test_tcp_wrappers_rules_are_a_loss_unless_nolibwrap():
    assert 'libwrap' in [n for n, _r in su.plan(entry(), tcp_wrappers=True).losses]
    assert su.plan(entry(flags=['NOLIBWRAP']), tcp_wrappers=True).losses == []


@pytest.mark.parametrize('attrs, word', [
    ({'type': ['INTERNAL'], 'server': None}, 'INTERNAL'),
    ({'type': ['TCPMUX', 'UNLISTED']}, 'TCPMUX'),
    ({'socket_type': ['raw']}, 'socket_type'),
    ({'only_from': ['.example.com']}, 'reverse DNS'),
    ({'no_access': ['host.invalid']}, 'host name'),
])
def test_refusals(attrs, word):
    p = su.plan(entry(**attrs))
    assert any(word in r for r in p.refusals), p.refusals


def test_hostname_resolved_with_a_warning():
    p = su.plan(entry(only_from=['gw.example']), resolver=lambda name: ['192.0.2.1', '2001:db8::1'])
    assert p.refusals == []
    assert lines(p.units['telnet.socket'], 'IPAddressAllow') == ['192.0.2.1/32 2001:db8::1/128']
    assert any('gw.example' in w for w in p.warnings)


# -- access control: xinetd's decision == systemd's decision ---------------------------

def test_only_from_only():
    p = su.plan(entry(only_from=['127.0.0.1', '10.0.0.0', '192.168.{1,2}']))
    sock = p.units['telnet.socket']
    assert lines(sock, 'IPAddressAllow') == ['127.0.0.1/32 10.0.0.0/8 192.168.1.0/24 192.168.2.0/24']
    assert lines(sock, 'IPAddressDeny') == ['any']
    assert any('factorized' in w for w in p.warnings)


def test_no_access_only():
    p = su.plan(entry(no_access=['192.0.2.0/24']))
    assert lines(p.units['telnet.socket'], 'IPAddressAllow') == []
    assert lines(p.units['telnet.socket'], 'IPAddressDeny') == ['192.0.2.0/24']


def test_empty_only_from_denies_everyone():
    p = su.plan(entry(only_from=[]))
    assert lines(p.units['telnet.socket'], 'IPAddressDeny') == ['any']
    assert lines(p.units['telnet.socket'], 'IPAddressAllow') == []


def test_zero_address_matches_all():
    p = su.plan(entry(only_from=['0.0.0.0'], no_access=['10.1.2.3']))
    assert lines(p.units['telnet.socket'], 'IPAddressAllow') == []
    assert lines(p.units['telnet.socket'], 'IPAddressDeny') == ['10.1.2.3/32']


def test_both_lists_subtract_exactly():
    p = su.plan(entry(only_from=['10.0.0.0/8'], no_access=['10.1.2.3']))
    allow = lines(p.units['telnet.socket'], 'IPAddressAllow')[0].split()
    assert '10.1.2.3/32' not in allow
    assert '10.1.2.2/32' in allow and '10.0.0.0/16' in allow


def _in(addr, nets):
    net = sa.parse_net(addr)
    return any(n.contains(net) for n in nets)


def xinetd_allows(addr, only_from, no_access):
    """xinetd's rule (access.c): only_from unset or matched, and no_access not matched."""
    if only_from is not None and not _in(addr, only_from):
        return False
    return not _in(addr, no_access)


def systemd_allows(addr, access):
    """systemd's rule: IPAddressAllow= wins, else IPAddressDeny= denies."""
    allow = [sa.parse_net(a) for a in (access['allow'] or [])]
    if _in(addr, allow):
        return True
    deny = access['deny']
    if 'any' in deny:
        return False
    return not _in(addr, [sa.parse_net(d) for d in deny])


def _random_net(rng):
    prefix = rng.choice([8, 16, 20, 24, 28, 30, 32])
    addr = '10.%d.%d.%d' % (rng.randrange(0, 4), rng.randrange(0, 256), rng.randrange(0, 256))
    return '%s/%d' % (addr, prefix)


@pytest.mark.parametrize('seed', range(40))
def test_access_decisions_agree_on_random_lists(seed):
    rng = random.Random(seed)
    only_from = [_random_net(rng) for _i in range(rng.randrange(0, 3))] if rng.random() < 0.8 else None
    no_access = [_random_net(rng) for _i in range(rng.randrange(0, 3))]
    p = su.plan(entry(only_from=only_from, no_access=no_access or None))
    of = [sa.parse_net(v) for v in only_from] if only_from is not None else None
    na = [sa.parse_net(v) for v in no_access]
    probes = set()
    for net in (of or []) + na:
        last = net.network + (1 << (32 - net.prefix)) - 1
        for value in (net.network, last, max(net.network - 1, 0)):
            probes.add(v4_text(value))
    for _i in range(200):
        probes.add('10.%d.%d.%d' % (rng.randrange(0, 4), rng.randrange(0, 256), rng.randrange(0, 256)))
    for addr in sorted(probes):
        assert xinetd_allows(addr, of, na) == systemd_allows(addr, p.access), \
            (addr, only_from, no_access, p.access)


def test_ipv6_subtraction():
    allowed = sa.subtract([sa.parse_net('2001:db8::/126')], [sa.parse_net('2001:db8::1')])
    assert [str(n) for n in allowed] == ['2001:db8::/128', '2001:db8::2/127']


# -- shadow and probe units -------------------------------------------------------------

def test_shadow_moves_only_the_port_and_the_names():
    p = su.plan(entry(bind=['127.0.0.1'], only_from=['127.0.0.1']))
    name, files = su.shadow(p, 40123)
    assert name == 'telnet-sysv-shadow'
    sock = files['telnet-sysv-shadow.socket']
    assert lines(sock, 'ListenStream') == ['127.0.0.1:40123']
    assert lines(sock, 'IPAddressAllow') == ['127.0.0.1/32']
    assert '[Install]' not in sock
    assert files['telnet-sysv-shadow@.service'] == p.units['telnet@.service']


def test_probe_units_deny_everyone():
    files = su.probe_socket_units('probe', 40999)
    assert lines(files['probe.socket'], 'IPAddressDeny') == ['any']
    assert lines(files['probe.socket'], 'ListenStream') == ['127.0.0.1:40999']


# -- from the effective model ------------------------------------------------------------

def test_from_effective_load():
    files = {
        '/etc/xinetd.conf': 'defaults\n{\n\tinstances = 20\n\tonly_from = 127.0.0.1\n}\n'
                            'includedir /etc/xinetd.d\n',
        '/etc/xinetd.d/telnet': 'service telnet\n{\n\tsocket_type = stream\n\twait = no\n'
                                '\tuser = root\n\tserver = /usr/sbin/telnetd\n'
                                '\tonly_from += 192.0.2.0/24\n\tdisable = no\n}\n',
    }
    eff = _xinetd_effective.load('/etc/xinetd.conf', reader=lambda path: files[path],
                                 listdir=lambda path: ['telnet'], isfile=lambda path: path in files,
                                 services_db={('telnet', 'tcp'): 23}, services_file=None,
                                 protocols_file=None)
    p = su.plan(eff.services['telnet'])
    sock = p.units['telnet.socket']
    assert lines(sock, 'ListenStream') == ['23']
    assert lines(sock, 'MaxConnections') == ['20']
    assert lines(sock, 'IPAddressAllow') == ['127.0.0.1/32 192.0.2.0/24']
    assert lines(sock, 'IPAddressDeny') == ['any']
