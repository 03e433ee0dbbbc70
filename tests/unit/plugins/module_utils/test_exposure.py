# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The pure exposure computation (runs on Python 2.7, 3.6 and the controller Pythons)."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.sysv.services.plugins.module_utils._exposure import access as ex_access
from ansible_collections.sysv.services.plugins.module_utils._exposure import checks as ex_checks
from ansible_collections.sysv.services.plugins.module_utils._exposure import host as ex_host
from ansible_collections.sysv.services.plugins.module_utils._exposure import sockets as ex_sockets

TCP = '''  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:0017 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0 100 0 0 10 0
   1: 0100007F:0019 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1002 1 0 100 0 0 10 0
   2: 0200590A:0017 0300590A:C350 01 00000000:00000000 00:00000000 00000000     0        0 1003 1 0 100 0 0 10 0
'''
TCP6 = '''  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0017 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2001 1 0 100 0 0 10 0
   1: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2002 1 0 100 0 0 10 0
'''
UDP = '''   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  7: 00000000:0007 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3001 2 0 0
  8: 0200590A:8000 0100590A:0035 01 00000000:00000000 00:00000000 00000000     0        0 3002 2 0 0
'''
FIB = '''Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 10.89.0.0/24 2 0 2
        |-- 10.89.0.2
           /32 host LOCAL
Local:
     |-- 10.89.0.2
        /32 host LOCAL
'''


def test_parse_sockets_tcp():
    socks = ex_sockets.parse_sockets(TCP, 'tcp')
    assert [(s['address'], s['port'], s['listening']) for s in socks] == [
        ('0.0.0.0', 23, True), ('127.0.0.1', 25, True), ('10.89.0.2', 23, False)]
    assert socks[0]['inode'] == 1001 and socks[0]['family'] == 4


def test_parse_sockets_tcp6_and_udp():
    socks = ex_sockets.parse_sockets(TCP6, 'tcp6')
    assert [(s['address'], s['port'], s['family']) for s in socks] == [('::', 23, 6), ('::1', 22, 6)]
    udp = ex_sockets.parse_sockets(UDP, 'udp')
    assert [(s['port'], s['listening']) for s in udp] == [(7, True), (32768, False)]


def test_parse_sockets_ignores_garbage():
    assert ex_sockets.parse_sockets('header\nnot a socket line\n', 'tcp') == []
    assert ex_sockets.parse_sockets(None, 'udp6') == []


def test_parse_fib_trie_and_if_inet6():
    assert ex_sockets.parse_fib_trie(FIB) == ['10.89.0.2', '127.0.0.1']
    text = ('00000000000000000000000000000001 01 80 10 80       lo\n'
            'fe80000000000000d40f3efffe0840ad 02 40 20 80     eth0\n')
    assert ex_sockets.parse_if_inet6(text) == ['::1', 'fe80::d40f:3eff:fe08:40ad']


@pytest.mark.parametrize('pattern,ip,expected', [
    ('0.0.0.0', '203.0.113.9', True),
    ('10.1.2.3', '10.1.2.3', True),
    ('10.1.2.3', '10.1.2.4', False),
    ('10.0.0.0', '10.200.3.4', True),          # trailing zero octets are wildcards: a /8
    ('10.0.0.0', '11.0.0.1', False),
    ('10.1.0.0', '10.1.77.1', True),
    ('10.89.0.0/24', '10.89.0.7', True),
    ('10.89.0.0/24', '10.89.1.7', False),
    ('128.138.{193,194}', '128.138.194.5', True),
    ('128.138.{193,194}', '128.138.195.5', False),
    ('::1', '::1', True),
    ('2001:db8::/32', '2001:db8:1::5', True),
    ('2001:db8::/32', '10.1.2.3', False),
    ('.example.com', '10.1.2.3', None),          # needs a reverse lookup
    ('db.example.com', '10.1.2.3', None),        # not resolved on the host
    ('localhost', '127.0.0.1', True),
    ('a,b', '10.1.2.3', False),
])
def test_xinetd_address_matches(pattern, ip, expected):
    assert ex_access.xinetd_address_matches(pattern, ip) is expected


def test_xinetd_address_hostname_resolved_on_the_host():
    resolved = {'db.example.com': ['10.1.2.3']}
    assert ex_access.xinetd_address_matches('db.example.com', '10.1.2.3', resolved) is True
    assert ex_access.xinetd_address_matches('db.example.com', '10.1.2.4', resolved) is False
    # a name that did not resolve is dropped by xinetd: it matches nobody
    assert ex_access.xinetd_address_matches('gone.example.com', '10.1.2.4', {'gone.example.com': []}) is False


def test_xinetd_allows():
    assert ex_access.xinetd_allows(None, [], '10.1.2.3') == (True, 'no only_from')
    assert ex_access.xinetd_allows([], [], '10.1.2.3')[0] is False          # only_from = : nobody
    assert ex_access.xinetd_allows(['10.0.0.0'], [], '10.1.2.3')[0] is True
    assert ex_access.xinetd_allows(['10.0.0.0'], [], '11.1.2.3')[0] is False
    # an address in both lists is refused (access.c), whatever the man page says
    assert ex_access.xinetd_allows(['10.1.2.3'], ['10.1.2.3'], '10.1.2.3')[0] is False
    assert ex_access.xinetd_allows(None, ['10.1.0.0'], '10.1.2.3')[0] is False
    assert ex_access.xinetd_allows(['.example.com'], [], '10.1.2.3')[0] is None
    # unknown no_access but only_from refuses anyway: a certain no
    assert ex_access.xinetd_allows(['192.0.2.1'], ['.example.com'], '10.1.2.3')[0] is False
    assert ex_access.xinetd_allows(['10.1.2.3'], ['.example.com'], '10.1.2.3')[0] is None


ALLOW = '''# comment
in.telnetd: 10.1.2.3 127.0.0.1
sshd : ALL
'''
DENY = '''ALL EXCEPT sshd: ALL \\
  EXCEPT 10.9.
telnetd: 10.89.0.4
'''


def test_parse_hosts_access():
    rules = ex_access.parse_hosts_access(ALLOW, '/etc/hosts.allow')
    assert [(r['lineno'], r['daemons'], r['clients']) for r in rules] == [
        (2, ['in.telnetd'], ['10.1.2.3', '127.0.0.1']), (3, ['sshd'], ['ALL'])]
    deny = ex_access.parse_hosts_access(DENY, '/etc/hosts.deny')
    assert deny[0]['lineno'] == 1 and deny[0]['clients'] == ['ALL', 'EXCEPT', '10.9.']
    assert deny[1]['lineno'] == 3
    v6 = ex_access.parse_hosts_access('telnetd: [2001:db8::]/32 : deny\n', 'f')
    assert v6[0]['clients'] == ['[2001:db8::]/32'] and v6[0]['options'] == ['deny']


def test_wrappers_allows():
    allow = ex_access.parse_hosts_access(ALLOW, '/etc/hosts.allow')
    deny = ex_access.parse_hosts_access(DENY, '/etc/hosts.deny')
    ok, why = ex_access.wrappers_allows(allow, deny, 'in.telnetd', '10.1.2.3')
    assert ok is True and why.startswith('/etc/hosts.allow:2')
    ok, why = ex_access.wrappers_allows(allow, deny, 'in.telnetd', '10.1.2.4')
    assert ok is False and why.startswith('/etc/hosts.deny:1')
    # EXCEPT in the client list: 10.9. is spared by the first deny rule
    assert ex_access.wrappers_allows(allow, deny, 'in.telnetd', '10.9.0.1')[0] is True
    assert ex_access.wrappers_allows(allow, deny, 'sshd', '203.0.113.1')[0] is True
    assert ex_access.wrappers_allows([], [], 'x', '10.1.2.3') == (True, 'no rule in hosts.allow or hosts.deny matches')
    # a pattern that needs DNS decides nothing for sure
    assert ex_access.wrappers_allows([], ex_access.parse_hosts_access('ALL: .example.com\n', 'd'), 'x', '10.1.2.3')[0] is None
    # net/mask, CIDR and an allow rule with a deny option
    deny2 = ex_access.parse_hosts_access('ALL: 10.1.0.0/255.255.0.0\n', 'd')
    assert ex_access.wrappers_allows([], deny2, 'x', '10.1.9.9')[0] is False
    assert ex_access.wrappers_allows([], deny2, 'x', '10.2.9.9')[0] is True
    allow2 = ex_access.parse_hosts_access('ALL: 10.1.0.0/16 : deny\n', 'a')
    assert ex_access.wrappers_allows(allow2, [], 'x', '10.1.9.9')[0] is False


def test_wrapper_daemons():
    attrs = {'server': ['/usr/sbin/in.telnetd']}
    assert ex_access.wrapper_daemons(attrs, 'telnet', True) == [
        {'via': 'xinetd', 'daemon': 'in.telnetd', 'certain': True}]
    assert ex_access.wrapper_daemons(attrs, 'telnet', False) == []
    assert ex_access.wrapper_daemons(dict(attrs, flags=['NOLIBWRAP']), 'telnet', True) == []
    assert ex_access.wrapper_daemons(dict(attrs, libwrap=['telnet']), 'telnet', True)[0]['daemon'] == 'telnet'
    tcpd = {'server': ['/usr/sbin/tcpd'], 'server_args': ['/usr/sbin/in.telnetd'], 'flags': ['NAMEINARGS']}
    assert ex_access.wrapper_daemons(tcpd, 'telnet', None) == [
        {'via': 'xinetd', 'daemon': 'in.telnetd', 'certain': False},
        {'via': 'tcpd', 'daemon': 'in.telnetd', 'certain': True}]
    assert ex_access.wrapper_daemons({'type': ['INTERNAL']}, 'echo-stream', True)[0]['daemon'] == 'echo-stream'


def test_within_access_times():
    assert ex_access.within_access_times([], 600) is None
    assert ex_access.within_access_times(['9:00-17:30'], 9 * 60) is True
    assert ex_access.within_access_times(['9:00-17:30'], 17 * 60 + 31) is False
    assert ex_access.within_access_times(['1:00-2:00', '22:00-23:59'], 23 * 60 + 59) is True
    # 24:00 (the man page's example): xinetd refuses at every hour
    assert ex_access.within_access_times(['0:00-24:00'], 600) is False


def _rec(**attrs):
    base = {'socket_type': ['stream'], 'wait': ['no'], 'user': ['root'],
            'server': ['/usr/sbin/telnetd']}
    base.update(attrs)
    return {'id': 'telnet', 'name': 'telnet', 'file': '/etc/xinetd.d/telnet', 'lineno': 1,
            'enabled': True, 'state': 'enabled', 'port': 23, 'protocol': 'tcp', 'attributes': base}


LISTEN23 = [{'protocol': 'tcp', 'family': 6, 'address': '::', 'port': 23, 'state': '0A',
             'listening': True, 'inode': 9, 'owner': {'pid': 40, 'comm': 'xinetd'}}]


def test_service_record_fields_and_exposure():
    svc = ex_host.service_record(_rec(only_from=['127.0.0.1', '10.89.0.3'], instances=['5'],
                                      per_source=['2'], cps=['10', '30'], access_times=['8:00-18:00']),
                                 LISTEN23, 40, True, True)
    assert (svc['port'], svc['protocol'], svc['enabled'], svc['listening']) == (23, 'tcp', True, True)
    assert svc['only_from'] == ['127.0.0.1', '10.89.0.3'] and svc['no_access'] == []
    assert (svc['instances'], svc['per_source'], svc['cps']) == (5, 2, [10, 30])
    assert svc['sockets'] == ['tcp6 [::]:23 xinetd[40]']
    assert svc['tcp_wrappers'][0]['daemon'] == 'telnetd'
    assert svc['exposure'] == 'restricted'
    assert ex_access.decide(svc, '10.89.0.3', minute_of_day=9 * 60)[0] == 'yes'
    assert ex_access.decide(svc, '10.89.0.3', minute_of_day=20 * 60)[0] == 'outside-hours'
    assert ex_access.decide(svc, '10.89.0.4', minute_of_day=9 * 60)[0] == 'no'


def test_exposure_levels():
    assert ex_host.service_record(_rec(), LISTEN23, 40, True, True)['exposure'] == 'open'
    assert ex_host.service_record(_rec(), [], 40, True, True)['exposure'] == 'not-listening'
    assert ex_host.service_record(_rec(), LISTEN23, None, False, True)['exposure'] == 'not-listening'
    assert ex_host.service_record(_rec(only_from=['127.0.0.1', '::1']), LISTEN23, 40, True, True)['exposure'] == 'local'
    local = [dict(LISTEN23[0], address='127.0.0.1', family=4)]
    assert ex_host.service_record(_rec(bind=['127.0.0.1']), local, 40, True, True)['exposure'] == 'local'
    off = dict(_rec(disable=['yes']), enabled=False, state='disabled', reason='disable = yes')
    assert ex_host.service_record(off, LISTEN23, 40, True, True)['exposure'] == 'off'
    deny = ex_access.parse_hosts_access('telnetd: 10.89.0.4\n', '/etc/hosts.deny')
    svc = ex_host.service_record(_rec(), LISTEN23, 40, True, True, None, [], deny)
    assert svc['exposure'] == 'restricted'
    assert ex_access.decide(svc, '10.89.0.4', [], deny)[0] == 'no'
    assert ex_access.decide(svc, '10.89.0.5', [], deny)[0] == 'yes'
    # without libwrap in xinetd, hosts.deny does not apply
    svc = ex_host.service_record(_rec(), LISTEN23, 40, True, False, None, [], deny)
    assert svc['exposure'] == 'open' and ex_access.decide(svc, '10.89.0.4', [], deny)[0] == 'yes'


def test_listening_respects_bind_and_owner():
    other = [dict(LISTEN23[0], owner={'pid': 99, 'comm': 'inetd'})]
    assert ex_host.service_record(_rec(), other, 40, True, True)['listening'] is False
    bound = [dict(LISTEN23[0], address='10.89.0.9', family=4)]
    assert ex_host.service_record(_rec(bind=['10.89.0.2']), bound, 40, True, True)['listening'] is False
    assert ex_host.service_record(_rec(bind=['10.89.0.9']), bound, 40, True, True)['listening'] is True


def test_reachable_combines_addresses():
    svc = ex_host.service_record(_rec(only_from=['10.89.0.3']), LISTEN23, 40, True, False)
    assert ex_access.reachable(svc, ['10.89.0.3']) == 'yes'
    assert ex_access.reachable(svc, ['10.89.0.3', '10.90.0.3']) == 'depends-on-address'
    assert ex_access.reachable(svc, []) == 'unknown'


def _checks(services, inactive=(), packages=None, boot=None, pid=None, sysv=None, view=None):
    checks = ex_checks.host_checks(services, list(inactive), packages or {}, boot or {}, pid, sysv, view)
    return dict((c['id'], c) for c in checks)


def test_checks_fail_with_file_and_line():
    telnet = ex_host.service_record(_rec(), LISTEN23, 40, True, True)
    echo = dict(ex_host.service_record(_rec(), [], 40, True, True), id='echo-stream', name='echo',
                file='/etc/xinetd.d/echo', lineno=5)
    checks = _checks({'telnet': telnet, 'echo-stream': echo},
                     boot={'enabled': True, 'evidence': 'xinetd starts at boot: /etc/rc2.d/S01xinetd'},
                     pid=40)
    assert checks['CIS 2.1.8']['status'] == 'fail'
    assert checks['CIS 2.1.8']['evidence'][0].startswith('/etc/xinetd.d/telnet:1 ')
    assert checks['RHEL-06-000211']['status'] == 'fail'
    assert checks['CIS 2.1.4']['status'] == 'fail' and '/etc/xinetd.d/echo:5' in checks['CIS 2.1.4']['evidence'][0]
    assert checks['CIS 2.1.1']['status'] == 'pass'
    assert checks['CIS 2.1.11']['status'] == 'fail' and 'S01xinetd' in checks['CIS 2.1.11']['evidence'][0]
    assert checks['RHEL-06-000203']['status'] == 'pass'
    # no package manager: absence is not proven
    assert checks['RHEL-06-000206']['status'] == 'fail'
    assert set(checks) == set(ex_checks.IMPLEMENTED_CHECKS)
    for c in checks.values():
        assert c['status'] in ('pass', 'fail') and c['evidence'] and c['title']


def test_checks_xinetd_without_services():
    off = dict(ex_host.service_record(dict(_rec(disable=['yes']), enabled=False, state='disabled',
                                      reason='disable = yes'), [], None, False, True))
    boot = {'enabled': True, 'evidence': 'xinetd starts at boot: /etc/rc3.d/S01xinetd'}
    pk = {'xinetd': {'installed': True, 'evidence': 'rpm -q xinetd: xinetd-2.3.14-40.el6.x86_64'},
          'telnet-server': {'installed': False, 'evidence': 'rpm -q telnet-server: package telnet-server '
                                                            'is not installed'}}
    checks = _checks({}, [off], pk, boot, None, view={'telnet': True})
    assert checks['RHEL-06-000203']['status'] == 'fail'
    assert checks['RHEL-06-000204']['status'] == 'fail'
    assert checks['RHEL-06-000206']['status'] == 'pass'
    assert checks['CIS 2.1.8']['status'] == 'pass'
    assert 'disable = yes' in checks['CIS 2.1.8']['evidence'][0]
    # chkconfig's different reading of the file is said, not hidden
    assert any('chkconfig --list would show it "on"' in e for e in checks['CIS 2.1.8']['evidence'])
    none = _checks({}, [], {'xinetd': {'installed': False, 'evidence': 'x'}}, {'enabled': False}, None)
    assert none['RHEL-06-000203']['status'] == 'pass' and none['RHEL-06-000204']['status'] == 'pass'


def test_checks_tftp_secure_mode_and_rsync_init_script():
    tftp = dict(ex_host.service_record(_rec(server=['/usr/sbin/in.tftpd'], server_args=['-s', '/srv']),
                                       [], None, False, True), id='tftp', name='tftp')
    assert _checks({'tftp': tftp})['RHEL-06-000338']['status'] == 'pass'
    tftp['server_args'] = ['/srv']
    assert _checks({'tftp': tftp})['RHEL-06-000338']['status'] == 'fail'
    assert _checks({'tftp': tftp})['CIS 2.1.9']['status'] == 'fail'
    sysv = {'rsync': {'runlevels': {'0': 'off', '1': 'off', '2': 'on', '3': 'on', '4': 'on', '5': 'on',
                                    '6': 'off'}}}
    c = _checks({}, sysv=sysv)['CIS 2.1.10']
    assert c['status'] == 'fail' and 'runlevels 2 3 4 5' in c['evidence'][-1]


def test_package_queries():
    out = ('inetutils-telnetd install ok installed\n'
           'telnetd unknown ok not-installed\n'
           'xinetd deinstall ok config-files\n')
    got = ex_checks.parse_dpkg_query(out, 'dpkg-query: no packages found matching tftpd\n',
                                     ['inetutils-telnetd', 'telnetd', 'xinetd', 'tftpd'])
    assert got == {'inetutils-telnetd': True, 'telnetd': False, 'xinetd': False, 'tftpd': False}
    rpm = 'package telnet-server is not installed\nxinetd-2.3.14-40.el6.x86_64\n'
    assert ex_checks.parse_rpm_query(rpm, ['telnet-server', 'xinetd', 'rsh-server']) == {
        'telnet-server': False, 'xinetd': True, 'rsh-server': None}


def test_host_report_other_listeners_and_keys():
    eff = {'services': {'telnet': _rec()}, 'inactive': [], 'problems': [], 'files': ['/etc/xinetd.conf'],
           'xinetd_exits': False}
    socks = LISTEN23 + [{'protocol': 'tcp', 'family': 4, 'address': '127.0.0.1', 'port': 25, 'state': '0A',
                         'listening': True, 'inode': 7, 'owner': {'pid': 77, 'comm': 'exim4'}}]
    rep = ex_host.host_report(eff, socks, 40, True, 'mapped', {}, [], [], {'enabled': True, 'evidence': 'e'},
                              {}, {}, {}, ['10.89.0.2', '127.0.0.1'], 600, '2026-01-01T10:00:00+0000')
    assert rep['schema_version'] == ex_host.SCHEMA_VERSION
    assert rep['other_listeners'] == [{'protocol': 'tcp', 'family': 4, 'address': '127.0.0.1', 'port': 25,
                                       'process': 'exim4', 'pid': 77, 'local_only': True}]
    assert rep['services']['telnet']['listening'] is True
    assert rep['xinetd']['running'] == 40 and rep['xinetd']['libwrap'] is True
    assert isinstance(rep['checks'], list)


def test_host_report_without_xinetd():
    rep = ex_host.host_report(None, [], None, None, 'no xinetd', {}, [], [],
                              {'enabled': False, 'evidence': 'no xinetd init script (/etc/init.d/xinetd)'},
                              {'xinetd': {'installed': False, 'evidence': 'dpkg-query -W xinetd: xinetd not installed'}},
                              {}, {}, ['127.0.0.1'], 0, 'c')
    assert rep['services'] == {} and rep['xinetd']['running'] is None
    checks = dict((c['id'], c['status']) for c in rep['checks'])
    assert checks['CIS 2.1.11'] == 'pass' and checks['RHEL-06-000203'] == 'pass'
    assert checks['RHEL-06-000204'] == 'pass'


def test_defaults_merged_through_the_effective_loader():
    """only_from / no_access as xinetd applies them: defaults copied, += and = in the service."""
    from ansible_collections.sysv.services.plugins.module_utils._xinetd import effective as _xinetd_effective
    files = {
        '/etc/xinetd.conf': 'defaults\n{\n\tonly_from = 10.0.0.0\n\tno_access = 10.9.9.9\n'
                            '\tinstances = 30\n}\nincludedir /etc/xinetd.d\n',
        '/etc/xinetd.d/telnet': 'service telnet\n{\n\tsocket_type = stream\n\twait = no\n\tuser = root\n'
                                '\tserver = /usr/sbin/telnetd\n\tonly_from += 192.0.2.1\n}\n',
        '/etc/xinetd.d/ftp': 'service ftp\n{\n\tsocket_type = stream\n\twait = no\n\tuser = root\n'
                             '\tserver = /usr/sbin/ftpd\n\tonly_from = 127.0.0.1\n}\n',
    }

    def reader(path):
        if path not in files:
            raise IOError(2, 'No such file')
        return files[path]

    def listdir(path):
        return [p.rsplit('/', 1)[1] for p in files if p.startswith(path + '/')]

    eff = _xinetd_effective.load('/etc/xinetd.conf', reader=reader, listdir=listdir,
                                 isfile=lambda p: p in files, services_file=None,
                                 protocols_file=None).to_dict()
    rep = ex_host.host_report(eff, [], None, False, 'x', {}, [], [], {}, {}, {}, {}, [], 0, 'c')
    telnet, ftp = rep['services']['telnet'], rep['services']['ftp']
    assert telnet['only_from'] == ['10.0.0.0', '192.0.2.1']
    assert telnet['no_access'] == ['10.9.9.9'] and telnet['instances'] == 30
    assert ftp['only_from'] == ['127.0.0.1']          # '=' replaces the inherited list
    assert ex_access.xinetd_allows(telnet['only_from'], telnet['no_access'], '10.9.9.9')[0] is False
    assert ex_access.xinetd_allows(telnet['only_from'], telnet['no_access'], '10.1.1.1')[0] is True
