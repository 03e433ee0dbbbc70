# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import pwd
import sys

import pytest

from ansible_collections.sysv.services.plugins.module_utils._xinetd import host as host_mod
from ansible_collections.sysv.services.plugins.module_utils._xinetd.effective import load
from ansible_collections.sysv.services.plugins.module_utils._xinetd.host import Host

HOOKS = ('user_exists', 'group_exists', 'executable_problem', 'resolve', 'bind_problem')


class Hooks(object):
    """The hooks of ``host`` named in ``checks`` (what _xinetd_module.HostHooks builds)."""

    def __init__(self, host, checks):
        for name in checks:
            setattr(self, name, getattr(host, name))


def check_service(host, name, attributes, checks=HOOKS + ('port',)):
    """Messages of what the engine drops for one service, judged on ``host``."""
    lines = ''.join('\t%s = %s\n' % (key, ' '.join(values)) for key, values in attributes.items())
    text = 'service %s\n{\n%s}\n' % (name, lines)
    files = {'/x/xinetd.conf': text}
    eff = load('/x/xinetd.conf', reader=lambda path: files[path] if path in files else open(path).read(),
               host=Hooks(host, [c for c in checks if c != 'port']),
               services_file=host.services_file if 'port' in checks else None,
               protocols_file=None)
    return [p.message for p in eff.problems if p.effect == 'service-dropped']


SERVICES = u"""\
# Network services, Internet style
echo		7/tcp
echo		7/udp
telnet		23/tcp
smtp		25/tcp		mail
time		37/tcp		timserver
time		37/udp		timserver
tftp		69/udp
"""


@pytest.fixture
def services_file(tmp_path):
    path = tmp_path / 'services'
    path.write_text(SERVICES)
    return str(path)


@pytest.fixture
def host(services_file):
    return Host(services_file=services_file)


def telnet(**extra):
    attrs = {'socket_type': ['stream'], 'wait': ['no'], 'user': ['root'],
             'server': [sys.executable]}
    attrs.update(extra)
    return attrs


def test_parse_services_aliases_and_comments():
    table = host_mod.parse_services(SERVICES + u'bad line\nfoo notaport/tcp\n')
    assert table[('telnet', 'tcp')] == 23
    assert table[('mail', 'tcp')] == 25
    assert table[('timserver', 'udp')] == 37
    assert ('telnet', 'udp') not in table
    assert ('foo', 'tcp') not in table


def test_valid_service_has_no_problem(host):
    assert check_service(host, 'telnet', telnet()) == []


def test_real_users_and_groups(host):
    me = pwd.getpwuid(os.getuid()).pw_name
    assert host.user_exists(me)
    assert host.user_exists('0')
    assert not host.user_exists('no-such-user-xyz')
    assert host.group_exists('0')
    assert not host.group_exists('no-such-group-xyz')


def test_unknown_user_and_group_named(host):
    problems = check_service(host, 'telnet', telnet(user=['no-such-user-xyz']))
    problems += check_service(host, 'telnet', telnet(group=['no-such-group-xyz']))
    assert len(problems) == 2
    assert 'user no-such-user-xyz' in problems[0]
    assert 'group no-such-group-xyz' in problems[1]


def test_server_missing_and_not_executable(host, tmp_path):
    problems = check_service(host, 'telnet', telnet(server=[str(tmp_path / 'in.telnetd')]))
    assert problems and 'does not exist' in problems[0] and 'server ' in problems[0]
    script = tmp_path / 'plain'
    script.write_text(u'#!/bin/sh\n')
    os.chmod(str(script), 0o644)
    if os.geteuid() == 0:
        # root may execute a file only when some x bit is set
        assert 'not executable' in check_service(host, 'telnet', telnet(server=[str(script)]))[0]
    os.chmod(str(script), 0o755)
    assert check_service(host, 'telnet', telnet(server=[str(script)])) == []
    assert 'not an absolute path' in host.executable_problem('in.telnetd')
    # xinetd only checks access(X_OK): a directory loads (the collection's policy refuses it)
    assert host.executable_problem(str(tmp_path)) == 'is not a regular file'
    assert check_service(host, 'telnet', telnet(server=[str(tmp_path)])) == []


def test_internal_and_redirect_need_no_server(host):
    attrs = {'type': ['INTERNAL'], 'socket_type': ['stream'], 'wait': ['no'], 'server': ['/nope']}
    assert check_service(host, 'echo', attrs) == []
    attrs = telnet(server=['/nope'], redirect=['127.0.0.1', '2323'])
    assert check_service(host, 'telnet', attrs) == []


def test_service_not_in_etc_services(host, services_file):
    problems = check_service(host, 'telnet-alt', telnet())
    assert len(problems) == 1
    assert 'telnet-alt' in problems[0] and '/etc/services' in problems[0]


def test_protocol_inferred_from_socket_type(host):
    # tftp is only listed for udp
    assert check_service(host, 'tftp', telnet(socket_type=['dgram'], wait=['yes'])) == []
    assert check_service(host, 'tftp', telnet()) != []
    assert check_service(host, 'tftp', telnet(protocol=['udp'], socket_type=['dgram'],
                                              wait=['yes'])) == []


def test_alias_counts_as_listed(host):
    assert check_service(host, 'mail', telnet()) == []


def test_port_must_match(host):
    assert check_service(host, 'telnet', telnet(port=['23'])) == []
    problems = check_service(host, 'telnet', telnet(port=['2323']))
    assert len(problems) == 1 and 'port = 2323' in problems[0] and 'is port 23' in problems[0]


def test_unlisted_needs_port(host):
    problems = check_service(host, 'telnet-alt', telnet(type=['UNLISTED']))
    assert len(problems) == 1 and 'UNLISTED' in problems[0] and 'port' in problems[0]
    assert check_service(host, 'telnet-alt', telnet(type=['UNLISTED'], port=['2323'])) == []


def test_bind_to_an_address_of_this_host_or_not(host):
    assert host.bind_problem('127.0.0.1') is None
    assert host.bind_problem('0.0.0.0') is None
    # TEST-NET-2 (RFC 5737): never configured on a test machine
    assert host.bind_problem('198.51.100.7') == 'is not an address of this host'
    problems = check_service(host, 'telnet', telnet(bind=['198.51.100.7']))
    assert len(problems) == 1 and 'bind 198.51.100.7' in problems[0] and 'bind failed' in problems[0]
    assert check_service(host, 'telnet', telnet(bind=['127.0.0.1'])) == []
    # another root: the target's addresses are unknown
    assert Host(root='/nonexistent').bind_problem('198.51.100.7') is None


def test_rpc_skips_port_checks(host):
    assert check_service(host, 'rstatd', telnet(type=['RPC'])) == []


def test_checks_can_be_switched_off(host):
    bad = telnet(user=['no-such-user-xyz'], server=['/nope'], port=['99'])
    # the first failing check drops the entry, as in xinetd
    assert len(check_service(host, 'telnet', bad)) == 1
    assert check_service(host, 'telnet', bad, checks=()) == []
    only_user = check_service(host, 'telnet', bad, checks=('user_exists',))
    assert len(only_user) == 1 and 'user' in only_user[0]
    only_server = check_service(host, 'telnet', bad, checks=('executable_problem',))
    assert len(only_server) == 1 and '/nope' in only_server[0]
    only_port = check_service(host, 'telnet', bad, checks=('port',))
    assert len(only_port) == 1 and 'port = 99' in only_port[0]


def test_root_tree(tmp_path):
    root = tmp_path / 'root'
    (root / 'etc').mkdir(parents=True)
    (root / 'usr' / 'sbin').mkdir(parents=True)
    (root / 'etc' / 'passwd').write_text(u'root:x:0:0::/root:/bin/sh\ntelnetd:x:107:113::/:/bin/false\n')
    (root / 'etc' / 'group').write_text(u'root:x:0:\nutmp:x:43:\n')
    (root / 'etc' / 'services').write_text(SERVICES)
    server = root / 'usr' / 'sbin' / 'in.telnetd'
    server.write_text(u'#!/bin/sh\n')
    os.chmod(str(server), 0o755)
    chroot_host = Host(root=str(root))
    attrs = telnet(server=['/usr/sbin/in.telnetd'], user=['telnetd'], group=['utmp'])
    assert check_service(chroot_host, 'telnet', attrs) == []
    assert not chroot_host.user_exists('nobody') and not chroot_host.group_exists('nogroup')
    attrs = telnet(server=['/usr/sbin/in.telnetd'], user=['nobody'], group=['utmp'])
    assert 'user nobody' in check_service(chroot_host, 'telnet', attrs)[0]
