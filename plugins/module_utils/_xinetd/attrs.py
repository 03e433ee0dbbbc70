# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The xinetd attribute table, value checks, typed options and validation.

Pure standard library; runs on Python 2.7 and 3.6+.

One table (:data:`ATTRIBUTES`) drives everything: the value syntax of each
attribute (xinetd-spec.md section 2), where it is allowed (service and/or
defaults), whether it takes ``+=``/``-=``, and which typed module option
maps onto it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import socket

from ansible_collections.sysv.services.plugins.module_utils._xinetd.model import (
    Attribute,
    Diagnostic,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.parser import parse

try:
    string_types = (str, unicode)  # noqa: F821 (Python 2)
except NameError:
    string_types = (str,)
try:
    integer_types = (int, long)  # noqa: F821 (Python 2)
except NameError:
    integer_types = (int,)


# -- value vocabularies --------------------------------------------------------

SOCKET_TYPES = ('stream', 'dgram', 'raw', 'seqpacket')
# the protocol a socket type implies, and back (confparse.c)
SOCKET_PROTOCOL = {'stream': 'tcp', 'dgram': 'udp'}
PROTOCOL_SOCKET = {'tcp': 'stream', 'udp': 'dgram'}
FLAGS = ('INTERCEPT', 'NORETRY', 'IDONLY', 'NAMEINARGS', 'NODELAY', 'KEEPALIVE',
         'NOLIBWRAP', 'SENSOR', 'IPv4', 'IPv6', 'LABELED', 'REUSE')
TYPES = ('RPC', 'INTERNAL', 'UNLISTED', 'TCPMUX', 'TCPMUXPLUS')
LOG_ON_SUCCESS = ('PID', 'HOST', 'USERID', 'EXIT', 'DURATION', 'TRAFFIC')
LOG_ON_FAILURE = ('HOST', 'USERID', 'ATTEMPT')
SYSLOG_FACILITIES = ('daemon', 'auth', 'authpriv', 'user', 'mail', 'lpr', 'news',
                     'uucp', 'ftp', 'local0', 'local1', 'local2', 'local3',
                     'local4', 'local5', 'local6', 'local7')
SYSLOG_LEVELS = ('emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug')
# xinetd's built-in services (builtins.c): name -> socket types
BUILTINS = {'echo': ('stream', 'dgram'), 'discard': ('stream', 'dgram'),
            'time': ('stream', 'dgram'), 'daytime': ('stream', 'dgram'),
            'chargen': ('stream', 'dgram'), 'sensor': ('stream', 'dgram'),
            'tcpmux': ('stream',)}
# names getprotobyname() finds in the /etc/protocols of every distribution
KNOWN_PROTOCOLS = ('ip', 'icmp', 'igmp', 'tcp', 'udp', 'ipv6', 'ipv6-icmp',
                   'raw', 'sctp', 'udplite', 'gre', 'esp', 'ah', 'ospf', 'pim',
                   'rsvp', 'egp', 'pup', 'idp', 'ddp', 'dccp')

_INT = re.compile(r'^[0-9]+$')
_SIGNED_INT = re.compile(r'^[+-]?[0-9]+$')
_LIMIT = re.compile(r'^[0-9]+[kKmM]?$')
_TIME = re.compile(r'^([0-9]{1,2}):([0-9]{1,2})-([0-9]{1,2}):([0-9]{1,2})$')
_ENV_NAME = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')
_HOSTNAME = re.compile(r'^\.?[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?'
                       r'(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$')


def _same_word(a, b):
    """Case-insensitive equality (xinetd compares keywords with strcasecmp)."""
    return a.lower() == b.lower()


def _word_in(value, choices):
    """Case-insensitive membership."""
    v = value.lower()
    for c in choices:
        if c.lower() == v:
            return True
    return False


# -- address syntax (addr.c) ---------------------------------------------------

def _is_ipv4(text):
    parts = text.split('.')
    if len(parts) != 4:
        return False
    for p in parts:
        if not _INT.match(p) or int(p) > 255:
            return False
    return True


def _is_ipv6(text):
    if ':' not in text:
        return False
    try:
        socket.inet_pton(socket.AF_INET6, text)
        return True
    except (socket.error, ValueError, AttributeError, OSError):
        pass
    # fall back to a syntactic check where inet_pton is unavailable
    return re.match(r'^[0-9A-Fa-f:.]+$', text) is not None and text.count('::') <= 1


def _inet_aton(text):
    """libc inet_aton(): 'a', 'a.b', 'a.b.c', 'a.b.c.d'; decimal, octal or hex parts."""
    parts = text.split('.')
    if not 1 <= len(parts) <= 4:
        return False
    nums = []
    for p in parts:
        try:
            if re.match(r'^0[xX][0-9a-fA-F]*$', p):
                nums.append(int(p[2:] or '0', 16))
            elif re.match(r'^0[0-7]*$', p):
                nums.append(int(p, 8))
            elif re.match(r'^[1-9][0-9]*$', p):
                nums.append(int(p))
            else:
                return False
        except ValueError:
            return False
    limits = [255] * (len(nums) - 1) + [(1 << (8 * (5 - len(nums)))) - 1]
    return all(n <= lim for n, lim in zip(nums, limits))


def classify_address(value):
    """How xinetd reads one only_from / no_access value (addr.c, checked with 2.3.15.3).

    Returns (kind, message):
    * 'bad': xinetd disables the service (comma outside braces, malformed
      factorized address);
    * 'invalid': xinetd logs "failed to parse" and drops only this value;
    * 'ipv4', 'ipv4-wildcard' (trailing zero octets), 'any' (0.0.0.0),
      'ipv6', 'cidr4', 'cidr6', 'factorized', 'domain' (.example.com),
      'hostname' (resolved when xinetd loads the configuration; dropped if it
      does not resolve); message is None, or a remark on an accepted oddity
      (a prefix longer than the address).
    """
    if ',' in value and '{' not in value:
        return 'bad', ('has a comma outside braces (xinetd disables the service; separate '
                       'addresses with spaces)')
    if '{' in value:
        m = re.match(r'^((?:[0-9]+\.){0,3})\{([0-9]+(?:,[0-9]+)*)\}$', value)
        if not m:
            return 'bad', ('is not a valid factorized address (IPv4 only, like '
                           '128.138.{193,194}; nothing may follow the closing brace)')
        parts = [p for p in m.group(1).split('.') if p] + m.group(2).split(',')
        if any(int(p) > 255 for p in parts):
            return 'factorized', 'has a number above 255 (xinetd accepts it silently)'
        return 'factorized', None
    if '/' in value:
        addr, _sep, bits = value.partition('/')
        if not _INT.match(bits):
            return 'invalid', 'has no valid prefix length'
        if _is_ipv4(addr) or (re.match(r'^[0-9.]+$', addr) and _inet_aton(addr)):
            if int(bits) > 32:
                return 'cidr4', 'has a prefix longer than 32 (xinetd accepts it silently)'
            return 'cidr4', None
        if _is_ipv6(addr):
            if int(bits) > 128:
                return 'cidr6', 'has a prefix longer than 128 (xinetd accepts it silently)'
            return 'cidr6', None
        return 'invalid', 'is not an IPv4 or IPv6 network'
    if _is_ipv4(value):
        if value == '0.0.0.0':
            return 'any', None
        if value.endswith('.0'):
            return 'ipv4-wildcard', None
        return 'ipv4', None
    if re.match(r'^[0-9.]+$', value) or re.match(r'^0[xX]', value):
        if _inet_aton(value):
            return 'ipv4', None
        return 'invalid', 'is not a valid IPv4 address'
    if _is_ipv6(value.split('%', 1)[0]):
        return 'ipv6', None
    if value.startswith('.') and _HOSTNAME.match(value):
        return 'domain', None
    if _HOSTNAME.match(value):
        return 'hostname', None
    return 'invalid', 'is not an address, a network or a host name'


ADDRESS_KINDS = ('ipv4', 'ipv4-wildcard', 'any', 'ipv6', 'cidr4', 'cidr6', 'factorized', 'domain')


def long_prefix_problem(value):
    """For ``a/n`` with n above 32 (IPv4) or 128 (IPv6): what is wrong and the likely fix, else None."""
    kind, remark = classify_address(value)
    if kind not in ('cidr4', 'cidr6') or not remark:
        return None
    addr, _sep, bits = value.partition('/')
    if kind == 'cidr4':
        prefix = ipv4_wildcard_prefix(addr) if _is_ipv4(addr) else 0
        guess = '%s/%d' % (addr, prefix or 32)
        top = 32
    else:
        guess = '%s/128' % addr
        top = 128
    return ('%s has a prefix longer than /%d: no network has one; xinetd accepts it without a '
            'message, so the rule does not match the network you meant (did you mean %s?)'
            % (value, top, guess))


def address_option_problem(value, tokens):
    """Why an only_from / no_access option value cannot mean what was written, or None.

    ``value`` is the option as given, ``tokens`` the words it is written as.
    """
    if isinstance(value, string_types) and len(tokens) > 1:
        if not any(classify_address(t)[0] in ADDRESS_KINDS for t in tokens):
            return ('is not an address: a string is split at spaces into %d words (%s) and none is '
                    'an address or a network; give a list of addresses, networks (10.0.0.0/24) or '
                    'host names' % (len(tokens), ', '.join(tokens)))
    for token in tokens:
        problem = long_prefix_problem(token)
        if problem:
            return problem
    return None


def ipv4_wildcard_prefix(value):
    """'10.0.0.0' -> 8; trailing zero octets are wildcards."""
    parts = value.split('.')
    n = 4
    while n > 0 and parts[n - 1] == '0':
        n -= 1
    return n * 8


# -- value checkers: values -> error message or None --------------------------

def _one_of(choices, what):
    def check(values):
        for v in values:
            if not _word_in(v, choices):
                return '%s is not a known %s (one of: %s)' % (v, what, ' '.join(choices))
        return None
    return check


def _yes_no(values):
    if not _word_in(values[0], ('yes', 'no')):
        return '%s must be yes or no' % values[0]
    return None


def _int_or_unlimited(values):
    v = values[0]
    if _same_word(v, 'UNLIMITED') or _INT.match(v):
        return None
    return '%s must be a non-negative integer or UNLIMITED' % v


def _name_or_number(values):
    v = values[0]
    if v == '' or not re.match(r'^[A-Za-z0-9_.][A-Za-z0-9_.-]*\$?$', v):
        return '%s is not a valid user or group name' % v
    return None


def _path(values):
    v = values[0]
    if not v.startswith('/'):
        return '%s is not an absolute path' % v
    if any(ord(c) < 32 or ord(c) == 127 for c in v):
        return '%r contains a control character (a carriage return from CRLF?)' % v
    return None


def _server_args(values):
    if not values:
        return 'server_args needs at least one argument (empty disables the service)'
    return None


def _cps(values):
    for v in values:
        if not _SIGNED_INT.match(v):
            return '%s is not an integer (cps takes a rate and a wait in seconds)' % v
    return None


def _max_load(values):
    try:
        f = float(values[0])
    except ValueError:
        return '%s is not a number' % values[0]
    if f == 0:
        return '%s must not be 0' % values[0]
    return None


def check_access_time(value):
    m = _TIME.match(value)
    if not m:
        return '%s is not an HH:MM-HH:MM range' % value
    h1, m1, h2, m2 = [int(x) for x in m.groups()]
    if h1 > 23 or h2 > 23:
        if (h1 == 24 and m1 == 0) or (h2 == 24 and m2 == 0):
            # xinetd's man page shows 24:00 in an example, xinetd itself refuses it
            return ('%s has the hour 24: xinetd logs "invalid time interval" and disables the '
                    'service (hours run 0 to 23; write 23:59 for the end of the day, as in %s)'
                    % (value, value.replace('24:00', '23:59')))
        return ('%s has an hour above 23 (xinetd logs "invalid time interval" and disables the '
                'service; hours run 0 to 23)' % value)
    if m1 > 59 or m2 > 59:
        return '%s has minutes above 59' % value
    if (h1, m1) >= (h2, m2):
        return '%s does not end after it starts (no wrap past midnight; split it in two ranges)' % value
    return None


def access_times_kept(values):
    """The intervals xinetd keeps of an ``access_times`` line: those before the first bad one.

    Checked with 2.3.15.3: when a later ``disable = no`` enables an entry
    that a bad interval disabled, xinetd listens on the port and admits
    connections only in these intervals (none kept: it refuses every
    connection, at any hour).
    """
    kept = []
    for value in values:
        if check_access_time(value):
            break
        kept.append(value)
    return kept


def _access_times(values):
    for v in values:
        err = check_access_time(v)
        if err:
            return err
    return None


def _addresses(values):
    for v in values:
        kind, err = classify_address(v)
        if kind == 'bad':
            return '%s %s' % (v, err)
    return None


def _log_type(values):
    if not values:
        return 'log_type needs SYSLOG facility [level] or FILE path [soft [hard]]'
    kind = values[0]
    if _same_word(kind, 'SYSLOG'):
        if len(values) not in (2, 3):
            return 'log_type SYSLOG takes a facility and an optional level'
        if not _word_in(values[1], SYSLOG_FACILITIES):
            return '%s is not a syslog facility' % values[1]
        if len(values) == 3 and not _word_in(values[2], SYSLOG_LEVELS):
            return '%s is not a syslog level' % values[2]
        return None
    if _same_word(kind, 'FILE'):
        if len(values) not in (2, 3, 4):
            return 'log_type FILE takes a path and optional soft and hard limits'
        for lim in values[2:]:
            if not _LIMIT.match(lim):
                return '%s is not a size (bytes, or a number with K or M)' % lim
        if len(values) == 4 and _size(values[3]) < _size(values[2]):
            return 'hard limit %s is below soft limit %s' % (values[3], values[2])
        return None
    return '%s is not a log type (SYSLOG or FILE)' % kind


def _size(v):
    mult = 1
    if v[-1:] in ('k', 'K'):
        mult, v = 1024, v[:-1]
    elif v[-1:] in ('m', 'M'):
        mult, v = 1024 * 1024, v[:-1]
    return int(v) * mult


def _port(values):
    v = values[0]
    if not _INT.match(v) or int(v) > 65535:
        return '%s is not a port number (0-65535)' % v
    return None


def _rpc_version(values):
    v = values[0]
    m = re.match(r'^([0-9]+)(?:-([0-9]+))?$', v)
    if not m or (m.group(2) is not None and int(m.group(1)) > int(m.group(2))):
        return '%s is not an RPC version (N or N-M)' % v
    return None


def _int(values):
    if not _INT.match(values[0]):
        return '%s is not a non-negative integer' % values[0]
    return None


def _nice(values):
    if not _SIGNED_INT.match(values[0]):
        return '%s is not an integer' % values[0]
    return None


def _umask(values):
    v = values[0]
    if not re.match(r'^[0-7]+$', v) or int(v, 8) > 0o777:
        return '%s is not an octal umask up to 0777' % v
    return None


def _deny_time(values):
    v = values[0]
    if _INT.match(v) or _word_in(v, ('FOREVER', 'NEVER')):
        return None
    return '%s must be minutes, FOREVER or NEVER' % v


def _rlimit_bytes(values):
    v = values[0]
    if _same_word(v, 'UNLIMITED') or _LIMIT.match(v):
        return None
    return '%s must be a size (bytes, K, M) or UNLIMITED' % v


def _rlimit_int(values):
    v = values[0]
    if _same_word(v, 'UNLIMITED') or _INT.match(v):
        return None
    return '%s must be a number or UNLIMITED' % v


def _env(values):
    for v in values:
        if '=' not in v:
            return '%s has no "=" (env takes NAME=VALUE)' % v
    return None


def _passenv(values):
    for v in values:
        if not _ENV_NAME.match(v):
            return '%s is not an environment variable name' % v
    return None


def _redirect(values):
    host, port = values
    if '/' in host or ',' in host:
        return '%s is not a host' % host
    if _INT.match(port):
        if not 0 < int(port) < 65536:
            return '%s is not a port number (1-65535)' % port
    elif not re.match(r'^[A-Za-z][A-Za-z0-9_.+-]*$', port):
        return '%s is not a port number or service name' % port
    return None


def _bind(values):
    kind, err = classify_address(values[0])
    if kind not in ('ipv4', 'ipv4-wildcard', 'any', 'ipv6', 'hostname'):
        return '%s is not an IP address or host name' % values[0]
    return None


def _protocol(values):
    v = values[0]
    if not re.match(r'^[A-Za-z][A-Za-z0-9_.+-]*$', v):
        return '%s is not a protocol name from /etc/protocols' % v
    return None


def _any(values):
    return None


def _ids(values):
    for v in values:
        if v.startswith('#') or '{' in v or '}' in v:
            return '%s is not a service id' % v
    return None


class AttrSpec:
    """One row of the attribute table.

    arity: int (exact count), None for "1..n", or 0 for "0..n".
    check: values -> error message or None (the value syntax xinetd accepts).
    list_attr: accepts += / -= in services (its typed option also takes
    {add, remove}).
    in_defaults / in_service: where xinetd allows it.
    option: the typed module option ('' for none); option_type, elements,
    choices: its argument spec.  split: a string value is split on white
    space into the attribute's values.
    note: a warning given wherever the attribute is used.
    The order of the rows is the order attributes are rendered in.
    """

    __slots__ = ('name', 'arity', 'list_attr', 'in_defaults', 'in_service',
                 'check', 'option', 'option_type', 'elements', 'choices', 'split', 'note')

    def __init__(self, name, arity, check, list_attr=False, in_defaults=False,
                 in_service=True, option=None, option_type='str', elements=None,
                 choices=None, split=False, note=None):
        self.name = name
        self.arity = arity
        self.list_attr = list_attr
        self.in_defaults = in_defaults
        self.in_service = in_service
        self.check = check
        self.option = option if option is not None else name
        self.option_type = option_type
        self.elements = elements if elements is not None else (
            'str' if option_type == 'list' else None)
        self.choices = list(choices) if choices is not None else None
        self.split = split
        self.note = note

    def argument_spec(self):
        """The Ansible argument spec of the typed option."""
        spec = {'type': self.option_type}
        if self.elements:
            spec['elements'] = self.elements
        if self.choices:
            spec['choices'] = list(self.choices)
        return spec


# To add an attribute: one row here (its place is its place in rendered
# files), its value checker above, and its option in
# plugins/doc_fragments/xinetd_attributes.py (a unit test compares the two).
ROWS = [
    AttrSpec('id', 1, _any),
    AttrSpec('type', None, _one_of(TYPES, 'service type'), option_type='list', choices=TYPES,
             split=True),
    AttrSpec('flags', None, _one_of(FLAGS, 'flag'), option_type='list', choices=FLAGS, split=True),
    AttrSpec('socket_type', 1, _one_of(SOCKET_TYPES, 'socket type'), choices=SOCKET_TYPES),
    AttrSpec('protocol', 1, _protocol),
    AttrSpec('port', 1, _port, option_type='int'),
    AttrSpec('wait', 1, _yes_no, option_type='bool'),
    AttrSpec('user', 1, _name_or_number),
    AttrSpec('group', 1, _name_or_number),
    AttrSpec('server', 1, _path),
    AttrSpec('server_args', 0, _server_args, option_type='raw', split=True),
    AttrSpec('redirect', 2, _redirect, split=True),
    AttrSpec('rpc_version', 1, _rpc_version),
    AttrSpec('rpc_number', 1, _int, option_type='int'),
    AttrSpec('bind', 1, _bind, in_defaults=True),
    AttrSpec('v6only', 1, _yes_no, in_defaults=True, option_type='bool'),
    AttrSpec('only_from', 0, _addresses, list_attr=True, in_defaults=True, option_type='raw'),
    AttrSpec('no_access', 0, _addresses, list_attr=True, in_defaults=True, option_type='raw'),
    AttrSpec('access_times', 0, _access_times, option_type='list', split=True),
    AttrSpec('instances', 1, _int_or_unlimited, in_defaults=True, option_type='raw'),
    AttrSpec('per_source', 1, _int_or_unlimited, in_defaults=True, option_type='raw'),
    AttrSpec('cps', 2, _cps, in_defaults=True, option_type='list', elements='int'),
    AttrSpec('max_load', 1, _max_load, in_defaults=True, option_type='float'),
    AttrSpec('deny_time', 1, _deny_time),
    AttrSpec('log_type', None, _log_type, in_defaults=True, split=True),
    AttrSpec('log_on_success', 0, _one_of(LOG_ON_SUCCESS, 'log_on_success flag'),
             list_attr=True, in_defaults=True, option_type='raw'),
    AttrSpec('log_on_failure', 0, _one_of(LOG_ON_FAILURE, 'log_on_failure flag'),
             list_attr=True, in_defaults=True, option_type='raw'),
    AttrSpec('banner', 1, _path, in_defaults=True),
    AttrSpec('banner_success', 1, _path, in_defaults=True),
    AttrSpec('banner_fail', 1, _path, in_defaults=True),
    AttrSpec('env', 0, _env, list_attr=True, option_type='raw'),
    AttrSpec('passenv', 0, _passenv, list_attr=True, in_defaults=True, option_type='raw'),
    AttrSpec('nice', 1, _nice, option_type='int'),
    AttrSpec('umask', 1, _umask, in_defaults=True),
    AttrSpec('groups', 1, _yes_no, in_defaults=True, option_type='bool'),
    AttrSpec('rlimit_as', 1, _rlimit_bytes),
    AttrSpec('rlimit_cpu', 1, _rlimit_int),
    AttrSpec('rlimit_data', 1, _rlimit_bytes),
    AttrSpec('rlimit_rss', 1, _rlimit_bytes),
    AttrSpec('rlimit_stack', 1, _rlimit_bytes),
    AttrSpec('rlimit_files', 1, _rlimit_int,
             note='rlimit_files exists only in openSUSE xinetd; Debian 2.3.15.3 and '
                  'upstream 2.3.14 ignore it as an unknown attribute'),
    AttrSpec('libwrap', 1, _any, note='libwrap depends on how xinetd was built'),
    AttrSpec('mdns', 1, _yes_no, option_type='bool',
             note='mdns depends on how xinetd was built; openSUSE 2.3.15.x does not know it'),
    # no typed option: another name of bind, the enabled switch, defaults-only lists
    AttrSpec('interface', 1, _bind, in_defaults=True, option=''),
    AttrSpec('disable', 1, _yes_no, option=''),
    AttrSpec('enabled', 0, _ids, in_defaults=True, in_service=False, option=''),
    AttrSpec('disabled', 0, _ids, in_defaults=True, in_service=False, option=''),
]

ATTRIBUTES = dict((row.name, row) for row in ROWS)


def _diag(severity, code, message, attr=None, block=None, effect='none', value=None,
          lineno=None):
    return Diagnostic(severity, code, message,
                      lineno=lineno if lineno is not None else (attr.lineno if attr is not None else
                                                                (block.lineno if block is not None else None)),
                      service=(block.name if block is not None else None),
                      attribute=(attr.name if attr is not None else None),
                      value=(value if value is not None else
                             (' '.join(attr.values) if attr is not None else None)),
                      effect=effect)


def _where(block):
    if block is None:
        return ''
    if block.kind == 'defaults':
        return 'defaults: '
    return 'service %s: ' % block.name


def check_attribute(attr, in_defaults=False, block=None):
    """Check one attribute line on its own (name, place, operator, arity, values).

    Returns a list of Diagnostic.  Does not know about repetitions; see
    validate_document for that.
    """
    where = _where(block)
    key = attr.key
    spec = ATTRIBUTES.get(key)
    shown = ' '.join(attr.values)
    if spec is None:
        return [_diag('warning', 'unknown-attribute',
                      '%sunknown attribute %s (%s %s): xinetd ignores the line'
                      % (where, attr.name, attr.op, shown), attr, block, 'line-ignored')]
    if in_defaults and not spec.in_defaults:
        return [_diag('warning', 'service-only',
                      '%sattribute %s is not allowed in defaults: xinetd ignores the line'
                      % (where, attr.name), attr, block, 'line-ignored')]
    if not in_defaults and not spec.in_service:
        return [_diag('warning', 'defaults-only',
                      '%sattribute %s is only allowed in defaults: xinetd ignores the line'
                      % (where, attr.name), attr, block, 'line-ignored')]
    out = []
    modifiable = spec.list_attr or (in_defaults and key in ('log_type', 'enabled', 'disabled'))
    if not modifiable and attr.op != '=':
        return [_diag('warning', 'bad-operator',
                      "%soperator '%s' cannot be used for %s (only '='): xinetd ignores the line"
                      % (where, attr.op, attr.name), attr, block, 'line-ignored')]
    if isinstance(spec.arity, int) and spec.arity > 0 and len(attr.values) != spec.arity:
        extra = ''
        if any(v.startswith('#') for v in attr.values):
            extra = " ('#' in the middle of a line is not a comment)"
        return [_diag('warning', 'arity',
                      '%s%s takes %d value%s but %d were given (%s)%s: xinetd ignores the line'
                      % (where, attr.name, spec.arity, '' if spec.arity == 1 else 's',
                         len(attr.values), shown, extra), attr, block, 'line-ignored')]
    if spec.arity is None and not attr.values:
        err = '%s needs at least one value' % attr.name
    elif key == 'env' and attr.op == '-=':
        err = "operator '-=' is not supported for env"
    else:
        err = spec.check(attr.values) if (attr.values or spec.arity != 0 or key == 'server_args') else None
    if err:
        if in_defaults:
            out.append(_diag('fatal', 'bad-value',
                             '%sbad value for %s (%s): %s; an error in defaults makes xinetd exit'
                             % (where, attr.name, shown, err), attr, block, 'xinetd-exits'))
        else:
            out.append(_diag('error', 'bad-value',
                             '%sbad value for %s (%s): %s; xinetd disables the service'
                             % (where, attr.name, shown, err), attr, block, 'service-dropped'))
        return out
    if spec.note:
        out.append(_diag('warning', 'build-dependent', '%s%s' % (where, spec.note), attr, block))
    if key in ('only_from', 'no_access', 'bind', 'interface'):
        for v in attr.values:
            kind, remark = classify_address(v)
            if kind == 'invalid' and key in ('only_from', 'no_access'):
                out.append(_diag('error', 'bad-address',
                                 '%s%s value %s %s: xinetd logs "failed to parse" and drops the '
                                 'value%s' % (where, attr.name, v, remark,
                                              ' (an only_from left empty denies everyone)'
                                              if key == 'only_from' else ''),
                                 attr, block, 'value-dropped', value=v))
            elif remark and kind in ('cidr4', 'cidr6'):
                out.append(_diag('warning', 'long-prefix', '%s%s value %s'
                                 % (where, attr.name, long_prefix_problem(v)), attr, block, value=v))
            elif remark and kind != 'bad':
                out.append(_diag('warning', 'odd-address', '%s%s value %s %s'
                                 % (where, attr.name, v, remark), attr, block, value=v))
            if kind == 'hostname':
                out.append(_diag('warning', 'unresolved-host',
                                 '%s%s value %s is a host name, resolved when xinetd loads the '
                                 'configuration; if it does not resolve then, xinetd drops it'
                                 % (where, attr.name, v), attr, block, value=v))
            elif kind == 'ipv4-wildcard':
                out.append(_diag('info', 'address-wildcard',
                                 '%s%s value %s: trailing zero octets are wildcards, so it '
                                 'matches %s/%d' % (where, attr.name, v, v, ipv4_wildcard_prefix(v)),
                                 attr, block, value=v))
            elif kind == 'any' and key in ('only_from', 'no_access'):
                out.append(_diag('info', 'address-wildcard',
                                 '%s%s value 0.0.0.0 matches every address' % (where, attr.name),
                                 attr, block, value=v))
    if key == 'cps' and any(v.startswith('-') for v in attr.values):
        out.append(_diag('warning', 'odd-value', '%scps %s: xinetd accepts a negative number '
                         '(read as a huge unsigned one)' % (where, shown), attr, block))
    if key == 'max_load' and attr.values[0].startswith('-'):
        out.append(_diag('warning', 'odd-value', '%smax_load %s is negative: xinetd accepts it'
                         % (where, shown), attr, block))
    if key == 'env' and any(v.startswith('=') for v in attr.values):
        out.append(_diag('warning', 'odd-value', '%senv %s: a variable with an empty name'
                         % (where, shown), attr, block))
    if key == 'flags':
        if _word_in('IPv4', attr.values) and _word_in('IPv6', attr.values):
            out.append(_diag('warning', 'version-dependent',
                             '%sflags IPv4 and IPv6 together disable the service in xinetd 2.3.14'
                             % where, attr, block))
    return out


def validate_block(block, as_enabled=True):
    """Check one service or defaults entry; returns [Diagnostic].

    Follows parse_entry()/identify_attribute(): a repeated scalar is ignored
    (first wins) unless the earlier line failed to parse; a bad value
    disables the service, a later valid ``disable = no`` enables it again
    (the service then runs without the bad attribute); at any ``disable``
    line of a disabled service xinetd stops reading the entry.

    With as_enabled=False ``disable = yes`` stops the check too (what xinetd
    loads now); with as_enabled=True (the default) the entry is checked as
    if it were enabled, so a file that is switched on later is known good.
    """
    in_defaults = block.kind == 'defaults'
    where = _where(block)
    out = []
    seen = {}
    effective = {}
    disabled = False          # SC_IS_DISABLED()
    disabled_by_value = False
    explicit_yes = False
    bad_diags = []
    stopped = False
    for attr in block.attributes():
        key = attr.key
        spec = ATTRIBUTES.get(key)
        if key == 'interface':
            key = 'bind'  # one attribute with two names (A_BIND)
        is_disable_line = key == 'disable' and not in_defaults
        modifiable = spec is not None and (spec.list_attr or (
            in_defaults and key in ('enabled', 'disabled', 'log_type')))
        if spec is not None and key in seen and not modifiable:
            out.append(_diag('warning', 'duplicate-attribute',
                             '%s%s is already set on line %s: the first value wins and %s %s is ignored'
                             % (where, attr.name, seen[key].lineno, attr.op, ' '.join(attr.values)),
                             attr, block, 'line-ignored'))
            if is_disable_line:
                out.append(_disable_ignored(block, attr, effective.get('disable')))
        elif in_defaults and key == 'log_type' and key in seen:
            out.append(_diag('fatal', 'duplicate-log-type',
                             '%slog_type is set twice in defaults (%s): xinetd 2.3.15 exits'
                             % (where, ' '.join(attr.values)), attr, block, 'xinetd-exits'))
        else:
            diags = check_attribute(attr, in_defaults=in_defaults, block=block)
            out.extend(diags)
            ignored = any(d.effect == 'line-ignored' for d in diags)
            bad = [d for d in diags if d.code == 'bad-value']
            if is_disable_line and ignored:
                out.append(_disable_ignored(block, attr, effective.get('disable')))
            if not ignored:
                if bad:
                    if not in_defaults:
                        disabled = True
                        disabled_by_value = True
                        bad_diags.extend(bad)
                elif spec is not None:
                    seen.setdefault(key, attr)
                    effective.setdefault(key, attr)
                    if is_disable_line:
                        if attr.values[0].lower() == 'yes':
                            explicit_yes = True
                            if not as_enabled:
                                disabled = True
                        else:
                            disabled = False
                            disabled_by_value = False
        if is_disable_line and disabled:
            stopped = True
            break
    if in_defaults:
        return out
    if not disabled_by_value:
        for d in bad_diags:
            _reenabled(d, block)
    if disabled_by_value or block.dropped:
        return out
    if stopped or (explicit_yes and not as_enabled):
        return out
    out.extend(_service_rules(block, effective))
    return out


def _reenabled(diag, block):
    """A bad value whose entry a later ``disable = no`` enabled again (checked with 2.3.15.3)."""
    if diag.attribute is not None and diag.attribute.lower() == 'access_times':
        attr = [a for a in block.attributes() if a.lineno == diag.lineno][0]
        kept = access_times_kept(attr.values)
        head = diag.message.split('; xinetd disables the service')[0]
        if kept:
            diag.effect = 'value-dropped'
            what = 'admits connections only during %s (the intervals before the bad one)' \
                % ' '.join(kept)
        else:
            diag.effect = 'connections-refused'
            what = 'refuses every connection, at any hour'
        diag.message = ("%s; xinetd disables the entry, but the later 'disable = no' enables it "
                        "again: xinetd then listens on the port and %s" % (head, what))
        return
    diag.effect = 'line-ignored'
    diag.message = diag.message.replace(
        'xinetd disables the service',
        "xinetd disables the service, but the later 'disable = no' enables it again, "
        "so it runs without this attribute")


def _disable_ignored(block, attr, current):
    state = 'ENABLED' if current is None or current.values[0].lower() != 'yes' else 'disabled'
    return _diag('error', 'disable-ignored',
                 'service %s: the line %s %s %s is ignored, so the service stays %s'
                 % (block.name, attr.name, attr.op, ' '.join(attr.values), state),
                 attr, block, 'none')


def _first_values(eff, key):
    a = eff.get(key)
    return list(a.values) if a is not None else None


def _service_rules(block, eff):
    """Per-service rules from confparse.c (required attributes and friends)."""
    where = _where(block)
    out = []

    def drop(code, message, attr=None):
        out.append(_diag('error', code, where + message, attr, block, 'service-dropped'))

    types = [t.upper() for t in (_first_values(eff, 'type') or [])]
    flags = [f.upper() for f in (_first_values(eff, 'flags') or [])]
    internal = 'INTERNAL' in types
    unlisted = 'UNLISTED' in types
    rpc = 'RPC' in types
    tcpmux = 'TCPMUX' in types or 'TCPMUXPLUS' in types
    socket_type = (_first_values(eff, 'socket_type') or [None])[0]
    protocol = (_first_values(eff, 'protocol') or [None])[0]
    if socket_type is None and protocol is not None:
        socket_type = {'tcp': 'stream', 'udp': 'dgram'}.get(protocol.lower())
    if protocol is None and socket_type is not None:
        protocol = {'stream': 'tcp', 'dgram': 'udp'}.get(socket_type.lower())
        if protocol is None:
            drop('missing-attribute', 'socket_type %s needs an explicit protocol' % socket_type)
    if socket_type is None:
        drop('missing-attribute', 'socket_type is required (or a protocol of tcp or udp)')
    elif protocol is not None and (socket_type.lower(), protocol.lower()) in (
            ('stream', 'udp'), ('dgram', 'tcp')):
        drop('protocol-mismatch', 'socket_type %s with protocol %s: creating the socket fails '
             'and xinetd deactivates the service' % (socket_type, protocol), eff.get('protocol'))
    wait = (_first_values(eff, 'wait') or [None])[0]
    if wait is None:
        drop('missing-attribute', 'wait is required')
    if internal and socket_type is not None and \
            socket_type.lower() not in BUILTINS.get(block.name.lower(), ()):
        drop('unknown-internal', 'xinetd has no internal service %s/%s (built-ins: %s)'
             % (block.name, socket_type, ', '.join(sorted(BUILTINS))), eff.get('type'))
    if not internal:
        if 'user' not in eff:
            drop('missing-attribute', 'user is required for a service that is not INTERNAL')
        if 'server' not in eff and 'redirect' not in eff:
            bad_server = None
            for a in block.attributes():
                if a.key == 'server' and len(a.values) != 1:
                    bad_server = a
                    break
            if bad_server is not None:
                drop('missing-attribute',
                     'server is required; the line server = %s was ignored because it has '
                     '%d values (arguments go in server_args)'
                     % (' '.join(bad_server.values), len(bad_server.values)), bad_server)
            else:
                drop('missing-attribute', 'server is required for a service that is not '
                     'INTERNAL and has no redirect')
    if unlisted and not rpc and 'port' not in eff and not tcpmux:
        drop('missing-attribute', 'an UNLISTED service needs a port')
    if rpc and unlisted and 'rpc_number' not in eff:
        drop('missing-attribute', 'an RPC UNLISTED service needs rpc_number')
    if tcpmux:
        if not unlisted:
            drop('tcpmux', 'a TCPMUX service must also be UNLISTED')
        if protocol is not None and protocol.lower() != 'tcp':
            drop('tcpmux', 'a TCPMUX service must use tcp')
    los = [x.upper() for x in (_first_values(eff, 'log_on_success') or [])]
    if 'TRAFFIC' in los and 'redirect' not in eff:
        drop('traffic-without-redirect', 'log_on_success TRAFFIC is only valid with redirect')
    if 'redirect' in eff:
        if (socket_type or '').lower() != 'stream' or (wait or '').lower() != 'no':
            drop('redirect', 'redirect works only for a tcp (stream) service with wait = no')
    if socket_type is not None and socket_type.lower() == 'dgram' and wait is not None \
            and wait.lower() == 'no':
        out.append(_diag('warning', 'dgram-nowait',
                         '%sdgram with wait = no is accepted by xinetd 2.3.15.3 but rejected by '
                         '2.3.15.4 and later' % where, eff.get('wait'), block))
    if 'NAMEINARGS' in flags and 'server_args' not in eff:
        drop('nameinargs', 'flags NAMEINARGS needs server_args (its first word is argv[0])',
             eff.get('flags'))
    if protocol is not None and not _word_in(protocol, KNOWN_PROTOCOLS):
        out.append(_diag('warning', 'unknown-protocol',
                         '%sprotocol %s is not a usual /etc/protocols name: xinetd disables the '
                         'service if getprotobyname() does not know it' % (where, protocol),
                         eff.get('protocol'), block))
    out.extend(_both_lists(block, eff))
    return out


def _both_lists(block, eff):
    out = []
    of = _first_values(eff, 'only_from') or []
    na = _first_values(eff, 'no_access') or []
    lowered = set(v.lower() for v in na)
    for v in of:
        if v.lower() in lowered:
            out.append(_diag('warning', 'address-in-both',
                             '%s%s is in both only_from and no_access: xinetd denies it'
                             % (_where(block), v), eff.get('no_access'), block, value=v))
    return out


def validate_document(document, as_enabled=True):
    """Every value and per-service rule of a parsed Document, one file on its own.

    What needs the host (users, groups, the server, /etc/services, names,
    bind addresses) or the other files (defaults, ports, ids) is judged by
    ``_xinetd_effective.load``, which runs these rules too.
    """
    out = []
    for block in document.blocks():
        out.extend(validate_block(block, as_enabled))
    return out


def check_text(text, filename=None):
    """parse + validate_document: (Document, [Diagnostic]) in line order."""
    doc, diags = parse(text, filename)
    more = validate_document(doc)
    for d in more:
        d.file = filename
    alld = diags + more
    alld.sort(key=lambda d: (d.lineno or 0))
    return doc, alld


# -- typed options -------------------------------------------------------------

class OptionError(ValueError):
    def __init__(self, option, value, message):
        ValueError.__init__(self, 'option %s: %r: %s' % (option, value, message))
        self.option = option
        self.value = value
        self.message = message


# typed options with {add, remove} (rendered with += / -=), and the canonical
# order of rendered attributes (disable always comes last): both from the table
LIST_OPTIONS = tuple(row.name for row in ROWS if row.option and row.list_attr)
OPTION_ORDER = tuple(row.name for row in ROWS if row.option)

SERVICE_OPTIONS = dict((name, ATTRIBUTES[name].argument_spec()) for name in OPTION_ORDER)
SERVICE_OPTIONS['enabled'] = {'type': 'bool'}

DEFAULTS_OPTIONS = {}
for _name in OPTION_ORDER:
    if ATTRIBUTES[_name].in_defaults:
        DEFAULTS_OPTIONS[_name] = dict(SERVICE_OPTIONS[_name])
DEFAULTS_OPTIONS['enabled'] = {'type': 'list', 'elements': 'str'}
DEFAULTS_OPTIONS['disabled'] = {'type': 'list', 'elements': 'str'}


def _text(v):
    if isinstance(v, bool):
        return 'yes' if v else 'no'
    if isinstance(v, integer_types):
        return '%d' % v
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, string_types):
        return v
    return '%s' % (v,)


def _safe_token(option, value, token):
    """A single value token: refuse anything that could inject or be misread."""
    for ch in token:
        if ch in ('\n', '\r', '\0'):
            raise OptionError(option, value, 'contains a newline, carriage return or NUL')
        if ord(ch) < 32 or ord(ch) == 127:
            raise OptionError(option, value, 'contains a non-printable character')
    if token == '':
        raise OptionError(option, value, 'is empty')
    if ' ' in token or '\t' in token:
        raise OptionError(option, value, 'contains whitespace (xinetd would split it)')
    if token.startswith('#'):
        raise OptionError(option, value, "starts with '#' (xinetd has no inline comments)")
    if token in ('{', '}') or '{' in token and option not in ('only_from', 'no_access') \
            or '}' in token and option not in ('only_from', 'no_access'):
        raise OptionError(option, value, "contains '{' or '}'")
    if token[:1] in ('"', "'") or token[-1:] in ('"', "'"):
        raise OptionError(option, value, 'contains a quote (xinetd has no quoting)')
    return token


def _tokens(option, value, split=False, shown=None):
    if value is None:
        return None
    if shown is not None:
        try:
            return _tokens(option, value, split)
        except OptionError as e:
            raise OptionError(option, shown, e.message)
    if isinstance(value, (list, tuple)):
        items = [_text(v) for v in value]
    else:
        v = _text(value)
        if split:
            for ch in ('\n', '\r', '\0'):
                if ch in v:
                    raise OptionError(option, value, 'contains a newline, carriage return or NUL')
            items = [t for t in re.split(r'[ \t]+', v) if t != '']
        else:
            items = [v]
    return [_safe_token(option, value, t) for t in items]


def _check_values(option, value, name, values, in_defaults=False):
    attr = Attribute(name, '=', values)
    spec = ATTRIBUTES[name]
    if isinstance(spec.arity, int) and spec.arity > 0 and len(values) != spec.arity:
        raise OptionError(option, value, 'takes %d value%s' % (spec.arity, '' if spec.arity == 1 else 's'))
    if spec.arity is None and not values:
        raise OptionError(option, value, 'needs at least one value')
    if values or name == 'server_args':
        err = spec.check(values)
        if err:
            raise OptionError(option, value, err)
    return attr


def _operator_in_value(option, value):
    """Refuse ``"+= USERID"``: the operator is not part of the value; point to the mapping form."""
    if isinstance(value, string_types):
        words = [w for w in re.split(r'[ \t]+', value) if w]
    elif isinstance(value, (list, tuple)):
        words = [_text(v) for v in value]
    else:
        return
    if not words:
        return
    for op, key in (('+=', 'add'), ('-=', 'remove'), ('=', None)):
        if words[0] == op or (words[0].startswith(op) and op != '='):
            rest = [w for w in [words[0][len(op):]] + words[1:] if w]
            if key is None:
                raise OptionError(option, value, "starts with '=': the option is the value itself, "
                                  "write %s: [%s]" % (option, ', '.join(rest)))
            raise OptionError(option, value, "starts with the operator '%s', which is not part of the value; "
                              "to %s values %s the defaults write %s: {%s: [%s]}"
                              % (op, key, 'to' if key == 'add' else 'from', option, key, ', '.join(rest)))


def _list_option(option, value, in_defaults):
    """list -> [('=', values)]; {add, remove} -> [('+=', ..), ('-=', ..)]."""
    if isinstance(value, dict):
        unknown = set(value) - set(['add', 'remove'])
        if unknown:
            raise OptionError(option, value, 'a mapping takes only the keys add and remove')
        res = []
        for key, op in (('add', '+='), ('remove', '-=')):
            items = value.get(key)
            if items is None:
                continue
            if isinstance(items, string_types):
                items = [items]
            toks = _tokens(option, items, shown=value)
            if not toks:
                continue
            if option in ('only_from', 'no_access'):
                problem = address_option_problem(items, toks)
                if problem:
                    raise OptionError(option, value, problem)
            if op == '-=' and option == 'env':
                raise OptionError(option, value, "env cannot remove values ('-=' disables the service)")
            _check_values(option, value, option, toks)
            res.append((op, toks))
        return res
    _operator_in_value(option, value)
    if isinstance(value, string_types):
        toks = _tokens(option, value, split=True)
    elif isinstance(value, (list, tuple)):
        toks = _tokens(option, value)
    else:
        raise OptionError(option, value, 'must be a list or a mapping with add/remove')
    if option in ('only_from', 'no_access'):
        problem = address_option_problem(value, toks)
        if problem:
            raise OptionError(option, value, problem)
    _check_values(option, value, option, toks)
    return [('=', toks)]


def options_to_attributes(options, context='service'):
    """Typed module options -> [(name, op, [values])] in canonical order.

    context 'service' (keys of SERVICE_OPTIONS) or 'defaults' (keys of
    DEFAULTS_OPTIONS).  Options whose value is None are left out.  Raises
    OptionError naming the option and the value for anything that could
    inject lines, blocks or comments, or that xinetd would reject.
    """
    in_defaults = context == 'defaults'
    allowed = DEFAULTS_OPTIONS if in_defaults else SERVICE_OPTIONS
    out = []
    for key in options:
        if key not in allowed and options[key] is not None:
            raise OptionError(key, options[key], 'is not a%s xinetd attribute option'
                              % (' defaults' if in_defaults else ' service'))
    for name in OPTION_ORDER:
        if name not in allowed:
            continue
        value = options.get(name)
        if value is None:
            continue
        if name in LIST_OPTIONS:
            for op, toks in _list_option(name, value, in_defaults):
                out.append((name, op, toks))
            continue
        spec = ATTRIBUTES[name]
        if spec.option_type == 'bool':
            if not isinstance(value, bool):
                raise OptionError(name, value, 'must be a boolean')
            toks = ['yes' if value else 'no']
        elif name == 'cps':
            if not isinstance(value, (list, tuple)) or len(value) != 2:
                raise OptionError(name, value, 'must be a list [rate, seconds]')
            for v in value:
                if isinstance(v, bool) or not isinstance(v, integer_types + string_types):
                    raise OptionError(name, value, 'must hold two integers')
            toks = _tokens(name, value)
        elif name in ('instances', 'per_source'):
            if isinstance(value, bool):
                raise OptionError(name, value, 'must be an integer or UNLIMITED')
            if isinstance(value, string_types) and _same_word(value, 'UNLIMITED'):
                toks = ['UNLIMITED']
            else:
                try:
                    iv = int(value)
                except (TypeError, ValueError):
                    raise OptionError(name, value, 'must be an integer or UNLIMITED')
                if iv < 0:
                    raise OptionError(name, value, 'must not be negative')
                toks = ['%d' % iv]
        elif spec.split:
            toks = _tokens(name, value, split=isinstance(value, string_types))
            if not toks and spec.option_type == 'list':
                continue  # an empty list means: no such line
        elif name == 'umask':
            if isinstance(value, integer_types) and not isinstance(value, bool):
                raise OptionError(name, value, 'must be an octal string such as "022" '
                                  '(an integer is ambiguous)')
            toks = _tokens(name, value)
        else:
            toks = _tokens(name, value)
        _check_values(name, value, name, toks)
        out.append((name, '=', toks))
    if in_defaults:
        for name in ('enabled', 'disabled'):
            value = options.get(name)
            if value is None:
                continue
            toks = _tokens(name, value, split=isinstance(value, string_types))
            _check_values(name, value, name, toks)
            out.append((name, '=', toks))
    else:
        enabled = options.get('enabled')
        if enabled is not None:
            if not isinstance(enabled, bool):
                raise OptionError('enabled', enabled, 'must be a boolean')
            out.append(('disable', '=', ['no' if enabled else 'yes']))
    return out
