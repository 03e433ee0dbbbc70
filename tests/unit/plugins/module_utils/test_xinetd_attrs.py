# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""Attribute table and validator: spec sections 1-2, one test per rule."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.sysv.services.plugins.module_utils._xinetd.attrs import ATTRIBUTES
from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import (
    check_access_time,
    classify_address,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.options import (
    DEFAULTS_OPTIONS,
    SERVICE_OPTIONS,
    OptionError,
    options_to_attributes,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.rules import validate_block
from ansible_collections.sysv.services.plugins.module_utils._xinetd.parser import parse
from ansible_collections.sysv.services.plugins.module_utils._xinetd.render import render_service
from ansible_collections.sysv.services.plugins.module_utils._xinetd.effective import load

BASE = ['socket_type = stream', 'wait = no', 'user = root', 'server = /usr/sbin/in.telnetd']


def service(*lines, **kw):
    name = kw.get('name', 'telnet')
    base = kw.get('base', BASE)
    body = ''.join('\t%s\n' % l for l in list(base) + list(lines))
    return 'service %s\n{\n%s}\n' % (name, body)


def defaults(*lines):
    return 'defaults\n{\n%s}\n' % ''.join('\t%s\n' % l for l in lines)


def rules_of(doc, as_enabled=True):
    """The per-entry rules on every entry of a parsed document."""
    return [diag for block in doc.blocks() for diag in validate_block(block, as_enabled)]


def diags_of(text, host=None):
    """The text's diagnostics; with a host, what the engine finds loading it on that host."""
    if host is None:
        doc, diags = parse(text)
        return sorted(diags + rules_of(doc), key=lambda diag: diag.lineno or 0)
    eff = load('/x/xinetd.conf', reader=lambda path: text, host=host, services_file=None,
               protocols_file=None)
    return list(eff.problems)


def only(diags, code):
    found = [d for d in diags if d.code == code]
    assert found, 'no %s in %r' % (code, diags)
    return found[0]


def codes(diags):
    return sorted(d.code for d in diags)


def test_clean_service_has_no_diagnostics():
    assert diags_of(service('disable = no')) == []


# -- the table ------------------------------------------------------------------

SPEC_ATTRIBUTES = [
    'socket_type', 'protocol', 'wait', 'user', 'group', 'server', 'server_args',
    'instances', 'per_source', 'cps', 'max_load', 'access_times', 'only_from',
    'no_access', 'log_type', 'log_on_success', 'log_on_failure', 'flags', 'type',
    'id', 'port', 'rpc_version', 'rpc_number', 'env', 'passenv', 'redirect', 'bind',
    'interface', 'banner', 'banner_success', 'banner_fail', 'nice', 'umask',
    'deny_time', 'groups', 'v6only', 'rlimit_as', 'rlimit_data', 'rlimit_rss',
    'rlimit_stack', 'rlimit_files', 'rlimit_cpu', 'libwrap', 'mdns', 'disable',
    'enabled', 'disabled',
]


def test_table_covers_every_attribute_of_spec_section_2():
    assert sorted(ATTRIBUTES) == sorted(SPEC_ATTRIBUTES)


def test_list_attributes_are_exactly_the_spec_ones():
    assert sorted(k for k, v in ATTRIBUTES.items() if v.list_attr) == sorted(
        ['only_from', 'no_access', 'log_on_success', 'log_on_failure', 'passenv', 'env'])


def test_defaults_capable_attributes():
    assert sorted(k for k, v in ATTRIBUTES.items() if v.in_defaults) == sorted([
        'instances', 'per_source', 'cps', 'max_load', 'only_from', 'no_access',
        'log_type', 'log_on_success', 'log_on_failure', 'passenv', 'bind', 'interface',
        'banner', 'banner_success', 'banner_fail', 'umask', 'groups', 'v6only',
        'enabled', 'disabled'])


def test_every_option_is_a_table_attribute():
    for key in SERVICE_OPTIONS:
        assert key == 'enabled' or key in ATTRIBUTES
    for key in DEFAULTS_OPTIONS:
        assert key in ATTRIBUTES
    # every service attribute has a typed option (interface is bind's alias,
    # disable is driven by 'enabled')
    missing = [k for k, v in ATTRIBUTES.items() if v.in_service and k not in SERVICE_OPTIONS]
    assert sorted(missing) == ['disable', 'interface']


def test_service_options_types():
    assert SERVICE_OPTIONS['wait'] == {'type': 'bool'}
    assert SERVICE_OPTIONS['only_from'] == {'type': 'raw'}
    assert SERVICE_OPTIONS['cps'] == {'type': 'list', 'elements': 'int'}
    assert SERVICE_OPTIONS['socket_type']['choices'] == ['stream', 'dgram', 'raw', 'seqpacket']
    assert SERVICE_OPTIONS['port'] == {'type': 'int'}
    assert SERVICE_OPTIONS['enabled'] == {'type': 'bool'}


# -- attribute lines (spec section 1) ------------------------------------------

def test_unknown_attribute_is_ignored_with_a_warning():
    d = only(diags_of(service('rlimit_cpus = 10')), 'unknown-attribute')
    assert (d.severity, d.effect, d.attribute, d.value) == ('warning', 'line-ignored',
                                                            'rlimit_cpus', '10')


def test_banner_failure_is_not_an_attribute():
    d = only(diags_of(service('banner_failure = /etc/issue')), 'unknown-attribute')
    assert d.effect == 'line-ignored'


@pytest.mark.parametrize('line', ['disable = yes', 'access_times = 08:00-17:00',
                                  'server = /bin/true', 'wait = no'])
def test_service_only_attribute_in_defaults_is_ignored(line):
    d = only(diags_of(defaults(line)), 'service-only')
    assert (d.severity, d.effect) == ('warning', 'line-ignored')


def test_defaults_only_attribute_in_service_is_ignored():
    d = only(diags_of(service('enabled = telnet')), 'defaults-only')
    assert d.effect == 'line-ignored'


@pytest.mark.parametrize('op', ['+=', '-='])
def test_modify_operator_on_scalar_is_ignored(op):
    d = only(diags_of(service('instances %s 5' % op)), 'bad-operator')
    assert (d.severity, d.effect, d.attribute) == ('warning', 'line-ignored', 'instances')


def test_repeated_scalar_first_value_wins():
    ds = diags_of(service('instances = 5', 'instances = 50'))
    d = only(ds, 'duplicate-attribute')
    assert (d.effect, d.value, d.lineno) == ('line-ignored', '50', 8)
    assert 'first value wins' in d.message


def test_inline_comment_on_disable_leaves_the_service_enabled():
    ds = diags_of(service('disable = yes # off'))
    assert codes(ds) == ['arity', 'disable-ignored', 'inline-comment']
    arity = only(ds, 'arity')
    assert (arity.effect, arity.attribute, arity.value) == ('line-ignored', 'disable', 'yes # off')
    assert 'ENABLED' in only(ds, 'disable-ignored').message
    assert only(ds, 'disable-ignored').severity == 'error'


def test_second_disable_line_is_ignored_and_reported():
    ds = diags_of(service('disable = no', 'disable = yes'))
    assert codes(ds) == ['disable-ignored', 'duplicate-attribute']
    assert 'stays ENABLED' in only(ds, 'disable-ignored').message


def test_disable_plus_equals_is_ignored_and_reported():
    ds = diags_of(service('disable += yes'))
    assert codes(ds) == ['bad-operator', 'disable-ignored']


def test_server_with_arguments_is_ignored_then_service_dropped():
    text = service('server = /bin/x -a', base=BASE[:3])
    ds = diags_of(text)
    assert only(ds, 'arity').effect == 'line-ignored'
    d = only(ds, 'missing-attribute')
    assert d.effect == 'service-dropped'
    assert '/bin/x -a' in d.message and 'server_args' in d.message


def test_bad_value_in_service_disables_it():
    d = only(diags_of(service('wait = maybe', base=BASE[:1] + BASE[2:])), 'bad-value')
    assert (d.severity, d.effect, d.attribute, d.value) == ('error', 'service-dropped',
                                                            'wait', 'maybe')


def test_bad_value_in_defaults_makes_xinetd_exit():
    d = only(diags_of(defaults('instances = lots')), 'bad-value')
    assert (d.severity, d.effect) == ('fatal', 'xinetd-exits')


def test_two_log_type_lines_in_defaults_are_fatal():
    ds = diags_of(defaults('log_type = SYSLOG daemon info', 'log_type = FILE /var/log/x'))
    d = only(ds, 'duplicate-log-type')
    assert (d.severity, d.effect, d.lineno) == ('fatal', 'xinetd-exits', 4)


def test_list_equals_in_defaults_is_fine():
    assert diags_of(defaults('only_from = 127.0.0.1', 'only_from = 10.0.0.1')) == []


def test_crlf_value_disables_the_service():
    ds = diags_of(service('disable = no\r'))
    assert codes(ds) == ['bad-value', 'crlf']
    assert only(ds, 'bad-value').effect == 'service-dropped'


def test_names_and_values_are_case_insensitive():
    text = ('SERVICE telnet\n{\n\tSocket_Type = STREAM\n\tWAIT = NO\n\tUser = root\n'
            '\tSERVER = /usr/sbin/in.telnetd\n\tFlags = reuse ipv4\n\tLog_On_Failure += userid\n'
            '\tDISABLE = No\n}\n')
    assert diags_of(text) == []


def test_disable_no_after_a_bad_value_enables_the_service_again():
    ds = diags_of(service('groups = maybe', 'disable = no'))
    d = only(ds, 'bad-value')
    assert (d.severity, d.effect) == ('error', 'line-ignored')
    assert 'enables it again' in d.message
    assert codes(ds) == ['bad-value']


def test_bad_value_retried_later_is_not_a_duplicate():
    # a line that failed to parse does not count as "already set"
    ds = diags_of(service('groups = maybe', 'groups = yes', 'disable = no'))
    assert codes(ds) == ['bad-value']


def test_parsing_stops_at_any_disable_line_after_a_bad_value():
    # the ignored 'disable' line still ends the entry: later lines are unread
    ds = diags_of(service('groups = maybe', 'disable = yes # off', 'bogus = 1'))
    assert codes(ds) == ['arity', 'bad-value', 'disable-ignored', 'inline-comment']
    assert only(ds, 'bad-value').effect == 'service-dropped'


def test_validator_as_loaded_stops_at_disable_yes():
    doc = parse(service('disable = yes', 'port = 99999', base=[]))[0]
    assert rules_of(doc, as_enabled=False) == []
    assert 'bad-value' in codes(rules_of(doc, as_enabled=True))


# -- required attributes and per-service rules ----------------------------------

@pytest.mark.parametrize('drop,missing', [(0, 'socket_type'), (1, 'wait'), (2, 'user'),
                                          (3, 'server')])
def test_required_attributes(drop, missing):
    base = [l for i, l in enumerate(BASE) if i != drop]
    d = only(diags_of(service(base=base)), 'missing-attribute')
    assert d.effect == 'service-dropped' and missing in d.message


def test_protocol_infers_socket_type():
    assert diags_of(service('protocol = tcp', base=BASE[1:])) == []


def test_internal_needs_no_user_or_server():
    assert diags_of(service('type = INTERNAL', 'socket_type = stream', 'wait = no',
                            base=[], name='echo')) == []


def test_redirect_replaces_server():
    assert diags_of(service('redirect = 10.0.0.5 23', base=BASE[:3])) == []


def test_redirect_needs_tcp_nowait():
    d = only(diags_of(service('redirect = 10.0.0.5 23', 'wait = yes',
                              base=['socket_type = stream', 'user = root'])), 'redirect')
    assert d.effect == 'service-dropped'


def test_unlisted_needs_port():
    d = only(diags_of(service('type = UNLISTED')), 'missing-attribute')
    assert 'port' in d.message
    assert diags_of(service('type = UNLISTED', 'port = 2323')) == []


def test_rpc_unlisted_needs_rpc_number():
    d = only(diags_of(service('type = RPC UNLISTED', 'rpc_version = 1-2')), 'missing-attribute')
    assert 'rpc_number' in d.message


def test_tcpmux_must_be_unlisted():
    d = only(diags_of(service('type = TCPMUX')), 'tcpmux')
    assert d.effect == 'service-dropped'
    assert diags_of(service('type = TCPMUX UNLISTED')) == []


def test_traffic_without_redirect_drops_the_service():
    d = only(diags_of(service('log_on_success = TRAFFIC')), 'traffic-without-redirect')
    assert d.effect == 'service-dropped'
    assert diags_of(service('log_on_success = TRAFFIC', 'redirect = 10.0.0.5 23',
                            base=BASE[:3])) == []


def test_dgram_with_wait_no_is_a_version_warning():
    d = only(diags_of(service(base=['socket_type = dgram', 'wait = no', 'user = root',
                                    'server = /bin/true'])), 'dgram-nowait')
    assert d.severity == 'warning' and '2.3.15.4' in d.message


def test_ipv4_and_ipv6_flags_together_warn():
    d = only(diags_of(service('flags = IPv4 IPv6')), 'version-dependent')
    assert '2.3.14' in d.message


def test_unknown_flag_disables():
    d = only(diags_of(service('flags = REUSE FASTOPEN')), 'bad-value')
    assert 'FASTOPEN' in d.message and d.effect == 'service-dropped'


def test_reuse_flag_is_accepted():
    assert diags_of(service('flags = REUSE')) == []


def test_env_minus_equals_disables():
    d = only(diags_of(service('env -= FOO=1')), 'bad-value')
    assert d.effect == 'service-dropped' and d.attribute == 'env'


def test_env_needs_equals_sign():
    assert only(diags_of(service('env = FOO')), 'bad-value').value == 'FOO'


def test_empty_server_args_disables():
    d = only(diags_of(service('server_args =')), 'bad-value')
    assert d.attribute == 'server_args' and d.effect == 'service-dropped'


def test_empty_only_from_is_valid_and_denies_everyone():
    assert diags_of(service('only_from =')) == []


# -- value syntax -----------------------------------------------------------------

@pytest.mark.parametrize('value', ['9:00-18:00', '00:00-23:59', '08:30-12:00 13:00-17:30'])
def test_access_times_good(value):
    assert diags_of(service('access_times = %s' % value)) == []


@pytest.mark.parametrize('value,why', [
    ('9:00-24:00', '24:00'), ('18:00-9:00', 'wrap'), ('9:00-9:00', 'end after'),
    ('9-17', 'HH:MM'), ('9:60-10:00', 'minutes'), ('25:00-26:00', 'above 23'),
])
def test_access_times_bad(value, why):
    d = only(diags_of(service('access_times = %s' % value)), 'bad-value')
    assert d.effect == 'service-dropped'
    assert check_access_time(value.split()[0]) is not None
    assert why in d.message


def test_hour_24_hint_is_a_valid_range_or_none():
    assert check_access_time('9:00-24:00').endswith('write 23:59 for the end of the day, as in 9:00-23:59)')
    # replacing 24:00 would not make 24:00-25:00 valid: no example is given
    assert check_access_time('24:00-25:00').endswith('write 23:59 for the end of the day)')


@pytest.mark.parametrize('value,kind', [
    ('127.0.0.1', 'ipv4'), ('10.0.0.0', 'ipv4-wildcard'), ('0.0.0.0', 'any'),
    ('192.168.1.0/24', 'cidr4'), ('::1', 'ipv6'), ('2001:db8::/32', 'cidr6'),
    ('128.138.{193,194}', 'factorized'), ('10.{1,2,3}', 'factorized'),
    ('.example.com', 'domain'), ('host.example.com', 'hostname'), ('localnet', 'hostname'),
])
def test_address_kinds(value, kind):
    assert classify_address(value) == (kind, None)


@pytest.mark.parametrize('value', ['10.0.0.1,10.0.0.2', '128.138.{193,194}.5',
                                   '128.138.193,194', '10.{1,2', '10.{a,1}', '10.1.{1,2}.{3}'])
def test_bad_addresses_disable(value):
    d = only(diags_of(service('only_from = %s' % value)), 'bad-value')
    assert d.effect == 'service-dropped'


@pytest.mark.parametrize('value', ['300.1.1.1', 'a;b', '10.0.0.1/abc', '10.1.', '300.0.0.0/8',
                                   '10.0.0.1/'])
def test_unparsable_addresses_are_dropped_alone(value):
    ds = diags_of(service('only_from = %s' % value))
    d = only(ds, 'bad-address')
    assert (d.severity, d.effect, d.value) == ('error', 'value-dropped', value)
    assert 'bad-value' not in codes(ds)


@pytest.mark.parametrize('value,code', [('10.0.0.1/33', 'long-prefix'), ('::1/129', 'long-prefix'),
                                        ('10.{1,300}', 'odd-address')])
def test_odd_addresses_xinetd_accepts(value, code):
    ds = diags_of(service('only_from = %s' % value))
    assert only(ds, code).severity == 'warning'
    assert [d for d in ds if d.severity == 'error'] == []


@pytest.mark.parametrize('value', ['1.2.3', '127.1', '{1,2}', 'fe80::1%eth0', '0x7f.1'])
def test_inet_aton_forms_are_addresses(value):
    assert [d for d in diags_of(service('only_from = %s' % value))
            if d.severity in ('error', 'warning')] == []


def test_comma_outside_braces_message():
    d = only(diags_of(service('only_from = 10.0.0.1,10.0.0.2')), 'bad-value')
    assert 'comma' in d.message and '10.0.0.1,10.0.0.2' in d.message


def test_trailing_zero_is_a_wildcard_info():
    d = only(diags_of(service('only_from = 10.0.0.0')), 'address-wildcard')
    assert d.severity == 'info' and '10.0.0.0/8' in d.message


def test_hostname_without_host_is_resolved_at_load_time():
    d = only(diags_of(service('only_from = intranet.example')), 'unresolved-host')
    assert d.severity == 'warning' and 'load' in d.message


class FakeHost(object):
    def __init__(self, resolvable=(), services=None, users=('root',), groups=('root',),
                 executables=('/usr/sbin/in.telnetd', '/bin/true')):
        self.resolvable = set(resolvable)
        self.services = services if services is not None else {('telnet', 'tcp'): 23}
        self.users = set(users)
        self.groups = set(groups)
        self.executables = set(executables)

    def resolve(self, name):
        return name in self.resolvable

    def service_port(self, name, protocol):
        return self.services.get((name, protocol))

    def user_exists(self, name):
        return name in self.users

    def group_exists(self, name):
        return name in self.groups

    def executable_problem(self, path):
        return None if path in self.executables else 'does not exist'


def test_unresolvable_hostname_is_dropped_with_host():
    ds = diags_of(service('only_from = nowhere.invalid localhost'),
                  host=FakeHost(resolvable=['localhost']))
    d = only(ds, 'unresolvable-host')
    assert (d.severity, d.effect, d.value) == ('error', 'value-dropped', 'nowhere.invalid')
    assert 'denies everyone' in d.message


def test_address_in_both_lists_is_denied():
    d = only(diags_of(service('only_from = 10.1.1.1 10.2.2.2', 'no_access = 10.2.2.2')),
             'address-in-both')
    assert d.value == '10.2.2.2' and 'denies' in d.message


@pytest.mark.parametrize('line', [
    'instances = UNLIMITED', 'instances = 0', 'per_source = unlimited', 'cps = 25 30',
    'max_load = 2.5', 'log_type = SYSLOG authpriv', 'log_type = SYSLOG daemon debug',
    'log_type = FILE /var/log/x', 'log_type = FILE /var/log/x 5K', 'log_type = FILE /x 5K 10M',
    'port = 0', 'port = 65535', 'nice = -5', 'umask = 022', 'umask = 0777', 'deny_time = 10',
    'deny_time = FOREVER', 'deny_time = never', 'groups = yes', 'v6only = no',
    'rlimit_as = 8M', 'rlimit_cpu = 20', 'rlimit_data = UNLIMITED', 'rlimit_rss = 512K',
    'rlimit_stack = 1024', 'passenv = PATH LANG', 'env = A=1 B=', 'bind = 127.0.0.1',
    'interface = ::1', 'banner = /etc/issue.net',
    'log_on_success = PID HOST USERID EXIT DURATION', 'log_on_failure = HOST USERID ATTEMPT',
    'id = telnet-v6', 'group = 0', 'protocol = tcp', 'rpc_version = 2-4',
    'server_args = -h -L /bin/login',
])
def test_good_values(line):
    ds = [d for d in diags_of(service(line)) if d.severity in ('error', 'fatal')]
    assert ds == []


@pytest.mark.parametrize('line', [
    'instances = -1', 'instances = many', 'cps = 25 x', 'max_load = 0', 'max_load = x',
    'log_type = SYSLOG nosuch', 'log_type = SYSLOG daemon loud', 'log_type = FILE',
    'log_type = FILE /x 5X', 'log_type = FILE /x 10M 5K', 'log_type = STDERR',
    'port = 65536', 'port = telnet', 'nice = x', 'umask = 0800', 'umask = 1777',
    'deny_time = always', 'groups = maybe', 'v6only = 1', 'rlimit_as = 8G', 'rlimit_cpu = 1M',
    'passenv = 1BAD', 'bind = 10.0.0.0/8', 'banner = relative/path',
    'type = INTERNAL BUILTIN', 'log_on_success = EVERYTHING', 'log_on_failure = PID',
    'socket_type = tcp', 'wait = 1', 'rpc_version = 4-2', 'rpc_number = x',
    'redirect = 10.0.0.1 99999', 'mdns = maybe', 'flags =', 'type =',
])
def test_bad_values(line):
    key = line.split()[0]
    base = [b for b in BASE if b.split()[0] != key]
    d = only(diags_of(service(line, base=base)), 'bad-value')
    assert d.effect == 'service-dropped'
    assert d.attribute == line.split()[0]


def test_build_dependent_attributes_warn():
    for line in ('rlimit_files = 100', 'libwrap = telnetd', 'mdns = yes'):
        d = only(diags_of(service(line)), 'build-dependent')
        assert d.severity == 'warning'


# -- host checks --------------------------------------------------------------------

def test_port_must_match_etc_services():
    d = only(diags_of(service('port = 2323'), host=FakeHost()), 'port-mismatch')
    assert d.effect == 'service-dropped'
    assert '23' in d.message and '2323' in d.message


def test_listed_service_must_be_in_etc_services():
    d = only(diags_of(service(name='telnet2'), host=FakeHost()), 'not-in-services')
    assert 'UNLISTED' in d.message


def test_unlisted_skips_etc_services():
    ds = diags_of(service('type = UNLISTED', 'port = 2323', name='telnet2'), host=FakeHost())
    assert ds == []


@pytest.mark.parametrize('user,group,server,code', [
    ('nobody', 'root', '/bin/true', 'unknown-user'),
    ('root', 'nogroup', '/bin/true', 'unknown-group'),
    ('root', 'root', '/bin/nope', 'server-not-executable'),
])
def test_unknown_user_and_group_and_server(user, group, server, code):
    base = ['socket_type = stream', 'wait = no', 'user = %s' % user, 'server = %s' % server]
    ds = diags_of(service('group = %s' % group, base=base), host=FakeHost())
    assert codes(ds) == [code]
    assert all(d.effect == 'service-dropped' for d in ds)


def test_numeric_user_is_accepted_without_lookup():
    assert diags_of(service(base=['socket_type = stream', 'wait = no', 'user = 4242',
                                  'server = /bin/true']), host=FakeHost()) == []


# -- typed options ------------------------------------------------------------------

def test_options_render_in_canonical_order_with_disable_last():
    attrs = options_to_attributes({
        'enabled': True, 'server': '/usr/sbin/in.telnetd', 'user': 'root', 'wait': False,
        'socket_type': 'stream', 'flags': ['REUSE'], 'log_on_failure': {'add': ['USERID']},
        'instances': 4, 'access_times': ['09:00-18:00'], 'only_from': ['172.20.0.0/16'],
    })
    assert attrs == [
        ('flags', '=', ['REUSE']), ('socket_type', '=', ['stream']), ('wait', '=', ['no']),
        ('user', '=', ['root']), ('server', '=', ['/usr/sbin/in.telnetd']),
        ('only_from', '=', ['172.20.0.0/16']), ('access_times', '=', ['09:00-18:00']),
        ('instances', '=', ['4']), ('log_on_failure', '+=', ['USERID']),
        ('disable', '=', ['no'])]
    text = render_service('telnet', attrs)
    assert [d for d in diags_of(text) if d.severity != 'info'] == []


def test_list_option_add_and_remove():
    attrs = options_to_attributes({'only_from': {'add': ['10.1.1.1'], 'remove': ['10.2.2.2']}})
    assert attrs == [('only_from', '+=', ['10.1.1.1']), ('only_from', '-=', ['10.2.2.2'])]


def test_typed_scalars():
    attrs = dict((n, v) for n, _op, v in options_to_attributes({
        'instances': 'unlimited', 'per_source': 3, 'cps': [50, 10], 'groups': True,
        'v6only': False, 'umask': '022', 'server_args': '-h  -L /bin/login', 'port': 2323,
        'log_type': 'SYSLOG daemon info', 'redirect': '10.0.0.5 23', 'max_load': 2.5,
        'env': ['LANG=C'], 'rlimit_as': '8M', 'enabled': False,
    }))
    assert attrs['instances'] == ['UNLIMITED'] and attrs['per_source'] == ['3']
    assert attrs['cps'] == ['50', '10'] and attrs['groups'] == ['yes']
    assert attrs['v6only'] == ['no'] and attrs['umask'] == ['022']
    assert attrs['server_args'] == ['-h', '-L', '/bin/login'] and attrs['port'] == ['2323']
    assert attrs['log_type'] == ['SYSLOG', 'daemon', 'info']
    assert attrs['redirect'] == ['10.0.0.5', '23'] and attrs['max_load'] == ['2.5']
    assert attrs['disable'] == ['yes']


def test_none_options_are_left_out():
    assert options_to_attributes({'user': None, 'enabled': None}) == []


@pytest.mark.parametrize('options,option', [
    ({'server': '/bin/x\nservice evil'}, 'server'),
    ({'server': '/bin/x\r'}, 'server'),
    ({'user': 'ro\x00ot'}, 'user'),
    ({'user': 'root\x1b'}, 'user'),
    ({'user': 'a b'}, 'user'),
    ({'only_from': ['10.0.0.1', '}']}, 'only_from'),
    ({'only_from': ['{']}, 'only_from'),
    ({'server_args': ['#x']}, 'server_args'),
    ({'log_on_failure': {'add': ['# comment']}}, 'log_on_failure'),
    ({'server_args': 'a\nb'}, 'server_args'),
    ({'banner': '/etc/"issue"'}, 'banner'),
    ({'id': 'x{'}, 'id'),
    ({'access_times': ['09:00-24:00']}, 'access_times'),
    ({'access_times': ['18:00-09:00']}, 'access_times'),
    ({'only_from': ['10.0.0.1,10.0.0.2']}, 'only_from'),
    ({'flags': ['REUSE', 'BOGUS']}, 'flags'),
    ({'instances': -1}, 'instances'),
    ({'instances': 'many'}, 'instances'),
    ({'cps': [10]}, 'cps'),
    ({'cps': [10, 'x']}, 'cps'),
    ({'env': {'remove': ['A=1']}}, 'env'),
    ({'env': ['NOEQUALS']}, 'env'),
    ({'server_args': []}, 'server_args'),
    ({'umask': 18}, 'umask'),
    ({'umask': '999'}, 'umask'),
    ({'wait': 'no'}, 'wait'),
    ({'port': 70000}, 'port'),
    ({'log_type': 'SYSLOG nosuch'}, 'log_type'),
    ({'only_from': 'x'.join(['a', 'b']) + '\n'}, 'only_from'),
    ({'only_from': {'add': ['1.1.1.1'], 'bogus': []}}, 'only_from'),
    ({'enabled': 'yes'}, 'enabled'),
    ({'instances': 1.5}, 'instances'),          # not cut to 1
    ({'per_source': 2.25}, 'per_source'),
    ({'nosuch': 1}, 'nosuch'),
    ({'server': 'relative/path'}, 'server'),
])
def test_option_errors_name_the_option_and_value(options, option):
    with pytest.raises(OptionError) as exc:
        options_to_attributes(options)
    assert exc.value.option == option
    assert exc.value.value == options[option]
    assert option in str(exc.value)


def test_defaults_context():
    attrs = options_to_attributes({'log_type': 'SYSLOG daemon info', 'instances': 60,
                                   'log_on_success': ['HOST', 'PID'], 'disabled': ['echo-dgram'],
                                   'enabled': ['telnet']}, context='defaults')
    assert attrs == [('instances', '=', ['60']), ('log_type', '=', ['SYSLOG', 'daemon', 'info']),
                     ('log_on_success', '=', ['HOST', 'PID']),
                     ('enabled', '=', ['telnet']), ('disabled', '=', ['echo-dgram'])]
    with pytest.raises(OptionError) as exc:
        options_to_attributes({'server': '/bin/true'}, context='defaults')
    assert exc.value.option == 'server'


# -- rules confirmed against the daemon -------------------------------------------

def test_stream_with_udp_is_deactivated():
    d = only(diags_of(service('protocol = udp')), 'protocol-mismatch')
    assert d.effect == 'service-dropped'


def test_raw_socket_needs_a_protocol():
    d = only(diags_of(service(base=['socket_type = raw', 'wait = no', 'user = root',
                                    'server = /bin/true'])), 'missing-attribute')
    assert 'protocol' in d.message


def test_nameinargs_needs_server_args():
    d = only(diags_of(service('flags = NAMEINARGS')), 'nameinargs')
    assert d.effect == 'service-dropped'
    assert diags_of(service('flags = NAMEINARGS', 'server_args = in.telnetd -h')) == []


def test_unknown_protocol_without_and_with_host():
    assert only(diags_of(service('protocol = bogusproto')), 'unknown-protocol').severity == 'warning'

    class H(object):
        def protocol_exists(self, name):
            return name.lower() in ('tcp', 'udp')

    d = only(diags_of(service('protocol = bogusproto'), host=H()), 'unknown-protocol')
    assert (d.severity, d.effect) == ('error', 'service-dropped')


def test_unresolvable_bind_and_redirect_disable_with_host():
    class H(object):
        def resolve(self, name):
            return False

    d = only(diags_of(service('bind = nosuchhost.invalid'), host=H()), 'unresolvable-host')
    assert d.effect == 'service-dropped'
    d = only(diags_of(service('redirect = nosuchhost.invalid 23', base=BASE[:3]), host=H()),
             'unresolvable-host')
    assert d.effect == 'service-dropped'


@pytest.mark.parametrize('line', ['cps = -1 5', 'max_load = -2.5', 'env = =x'])
def test_odd_values_xinetd_accepts(line):
    ds = diags_of(service(line))
    assert codes(ds) == ['odd-value']
    assert ds[0].severity == 'warning'


def test_one_digit_minutes_are_accepted():
    assert diags_of(service('access_times = 8:5-9:7')) == []


@pytest.mark.parametrize('name,socket_type,ok', [
    ('echo', 'stream', True), ('echo', 'dgram', True), ('chargen', 'dgram', True),
    ('tcpmux', 'stream', True), ('tcpmux', 'dgram', False), ('servers', 'stream', False),
    ('services', 'stream', False), ('telnet', 'stream', False),
])
def test_internal_services_must_be_built_in(name, socket_type, ok):
    ds = diags_of(service('type = INTERNAL', 'socket_type = %s' % socket_type, 'wait = no',
                          base=[], name=name))
    if ok:
        assert [d for d in ds if d.severity == 'error'] == []
    else:
        assert only(ds, 'unknown-internal').effect == 'service-dropped'


def test_interface_and_bind_are_one_attribute():
    d = only(diags_of(service('bind = 127.0.0.1', 'interface = 127.0.0.2')), 'duplicate-attribute')
    assert d.attribute == 'interface' and d.effect == 'line-ignored'


def test_empty_flags_type_and_access_times_render_no_line():
    assert options_to_attributes({'flags': [], 'type': [], 'access_times': []}) == []


def test_empty_list_attribute_renders_an_empty_assignment():
    # only_from = (nothing) denies everyone; log_on_success = clears inherited flags
    assert options_to_attributes({'only_from': [], 'log_on_success': []}) == [
        ('only_from', '=', []), ('log_on_success', '=', [])]


@pytest.mark.parametrize('value,fix', [('172.20.0.0/33', '172.20.0.0/16'), ('10.1.2.3/40', '10.1.2.3/32'),
                                       ('::1/129', '::1/128')])
def test_long_prefix_is_refused_as_an_option_with_the_likely_fix(value, fix):
    for option in ('only_from', 'no_access'):
        for given in ([value], {'add': [value]}, value):
            with pytest.raises(OptionError) as exc:
                options_to_attributes({option: given})
            assert exc.value.option == option
            assert 'prefix longer than' in exc.value.message
            assert 'did you mean %s?' % fix in exc.value.message


def test_a_sentence_as_only_from_is_one_clear_error():
    with pytest.raises(OptionError) as exc:
        options_to_attributes({'only_from': 'not an address'})
    assert exc.value.message.startswith('is not an address: a string is split at spaces into 3 words')
    # a space-separated string of addresses stays accepted
    assert options_to_attributes({'only_from': '127.0.0.1 10.0.0.0/8 host.example.com'}) == [
        ('only_from', '=', ['127.0.0.1', '10.0.0.0/8', 'host.example.com'])]


@pytest.mark.parametrize('value,hint', [
    ('+= USERID', '{add: [USERID]}'), ('+=USERID HOST', '{add: [USERID, HOST]}'),
    (['+=', 'USERID'], '{add: [USERID]}'), ('-= HOST', '{remove: [HOST]}'),
    ('= HOST', 'log_on_failure: [HOST]'),
])
def test_an_operator_in_a_list_value_points_to_the_mapping_form(value, hint):
    with pytest.raises(OptionError) as exc:
        options_to_attributes({'log_on_failure': value})
    assert exc.value.option == 'log_on_failure'
    assert hint in exc.value.message


def test_defaults_id_lists_write_a_repeated_id_once():
    # an id listed twice (as the xinetd role's extra defaults can add one the
    # user listed) is written once, at its first place; xinetd compares these
    # ids without case
    attrs = options_to_attributes({'disabled': ['echo-stream', 'time-stream', 'ECHO-STREAM', 'echo-stream'],
                                   'enabled': 'telnet telnet'}, context='defaults')
    assert ('disabled', '=', ['echo-stream', 'time-stream']) in attrs
    assert ('enabled', '=', ['telnet']) in attrs
