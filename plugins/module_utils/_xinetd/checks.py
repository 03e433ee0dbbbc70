# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd attribute values: vocabularies, address syntax and the value checkers.

Pure standard library; runs on Python 2.7 and 3.6+.

A checker takes the values of one attribute line and returns an error
message, or None when xinetd accepts them (xinetd-spec.md section 2).  The
attribute table (``attrs.ROWS``) names the checker of each attribute.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

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


def same_word(a, b):
    """Case-insensitive equality (xinetd compares keywords with strcasecmp)."""
    return a.lower() == b.lower()


def word_in(value, choices):
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
    import socket  # only for an IPv6 address: a fresh module run on Python 3.11 spends 2 ms importing it
    try:
        socket.inet_pton(socket.AF_INET6, text)
        return True
    except (socket.error, ValueError, AttributeError, OSError):
        pass
    # fall back to a syntactic check where inet_pton is unavailable
    return re.match(r'^[0-9A-Fa-f:.]+$', text) is not None and text.count('::') <= 1


def inet_aton(text):
    """libc inet_aton(): 'a', 'a.b', 'a.b.c', 'a.b.c.d'; decimal, octal or hex
    parts.  The address as an integer, or None when libc refuses ``text``."""
    parts = text.split('.')
    if not 1 <= len(parts) <= 4:
        return None
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
                return None
        except ValueError:
            return None
    limits = [255] * (len(nums) - 1) + [(1 << (8 * (5 - len(nums)))) - 1]
    if not all(n <= lim for n, lim in zip(nums, limits)):
        return None
    value = 0
    for num in nums[:-1]:
        value = (value << 8) | num
    return (value << (8 * (5 - len(nums)))) | nums[-1]


def _inet_aton(text):
    return inet_aton(text) is not None


def v4_text(value):
    """An IPv4 address given as an integer, in dotted-quad form."""
    return '.'.join(str((value >> s) & 255) for s in (24, 16, 8, 0))


def v4_int(text):
    """A dotted quad of decimal parts (``_is_ipv4``: ``08`` is eight) as an integer."""
    a, b, c, d = [int(p) for p in text.split('.')]
    return (a << 24) | (b << 16) | (c << 8) | d


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

def one_of(choices, what):
    def check(values):
        for v in values:
            if not word_in(v, choices):
                return '%s is not a known %s (one of: %s)' % (v, what, ' '.join(choices))
        return None
    return check


def yes_no(values):
    if not word_in(values[0], ('yes', 'no')):
        return '%s must be yes or no' % values[0]
    return None


def int_or_unlimited(values):
    v = values[0]
    if same_word(v, 'UNLIMITED') or _INT.match(v):
        return None
    return '%s must be a non-negative integer or UNLIMITED' % v


def name_or_number(values):
    v = values[0]
    if v == '' or not re.match(r'^[A-Za-z0-9_.][A-Za-z0-9_.-]*\$?$', v):
        return '%s is not a valid user or group name' % v
    return None


def absolute_path(values):
    v = values[0]
    if not v.startswith('/'):
        return '%s is not an absolute path' % v
    if any(ord(c) < 32 or ord(c) == 127 for c in v):
        return '%r contains a control character (a carriage return from CRLF?)' % v
    return None


def server_args(values):
    if not values:
        return 'server_args needs at least one argument (empty disables the service)'
    return None


def cps(values):
    for v in values:
        if not _SIGNED_INT.match(v):
            return '%s is not an integer (cps takes a rate and a wait in seconds)' % v
    return None


def max_load(values):
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
            fixed = value.replace('24:00', '23:59')
            return ('%s has the hour 24: xinetd logs "invalid time interval" and disables the '
                    'service (hours run 0 to 23; write 23:59 for the end of the day%s)'
                    % (value, ', as in %s' % fixed if check_access_time(fixed) is None else ''))
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


def access_times(values):
    for v in values:
        err = check_access_time(v)
        if err:
            return err
    return None


def addresses(values):
    for v in values:
        kind, err = classify_address(v)
        if kind == 'bad':
            return '%s %s' % (v, err)
    return None


def log_type(values):
    if not values:
        return 'log_type needs SYSLOG facility [level] or FILE path [soft [hard]]'
    kind = values[0]
    if same_word(kind, 'SYSLOG'):
        if len(values) not in (2, 3):
            return 'log_type SYSLOG takes a facility and an optional level'
        if not word_in(values[1], SYSLOG_FACILITIES):
            return '%s is not a syslog facility' % values[1]
        if len(values) == 3 and not word_in(values[2], SYSLOG_LEVELS):
            return '%s is not a syslog level' % values[2]
        return None
    if same_word(kind, 'FILE'):
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


def port_number(values):
    v = values[0]
    if not _INT.match(v) or int(v) > 65535:
        return '%s is not a port number (0-65535)' % v
    return None


def rpc_version(values):
    v = values[0]
    m = re.match(r'^([0-9]+)(?:-([0-9]+))?$', v)
    if not m or (m.group(2) is not None and int(m.group(1)) > int(m.group(2))):
        return '%s is not an RPC version (N or N-M)' % v
    return None


def non_negative_int(values):
    if not _INT.match(values[0]):
        return '%s is not a non-negative integer' % values[0]
    return None


def signed_int(values):
    if not _SIGNED_INT.match(values[0]):
        return '%s is not an integer' % values[0]
    return None


def umask(values):
    v = values[0]
    if not re.match(r'^[0-7]+$', v) or int(v, 8) > 0o777:
        return '%s is not an octal umask up to 0777' % v
    return None


def deny_time(values):
    v = values[0]
    if _INT.match(v) or word_in(v, ('FOREVER', 'NEVER')):
        return None
    return '%s must be minutes, FOREVER or NEVER' % v


def rlimit_bytes(values):
    v = values[0]
    if same_word(v, 'UNLIMITED') or _LIMIT.match(v):
        return None
    return '%s must be a size (bytes, K, M) or UNLIMITED' % v


def rlimit_int(values):
    v = values[0]
    if same_word(v, 'UNLIMITED') or _INT.match(v):
        return None
    return '%s must be a number or UNLIMITED' % v


def env_pairs(values):
    for v in values:
        if '=' not in v:
            return '%s has no "=" (env takes NAME=VALUE)' % v
    return None


def env_names(values):
    for v in values:
        if not _ENV_NAME.match(v):
            return '%s is not an environment variable name' % v
    return None


def redirect(values):
    host, port = values
    if '/' in host or ',' in host:
        return '%s is not a host' % host
    if _INT.match(port):
        if not 0 < int(port) < 65536:
            return '%s is not a port number (1-65535)' % port
    elif not re.match(r'^[A-Za-z][A-Za-z0-9_.+-]*$', port):
        return '%s is not a port number or service name' % port
    return None


def bind_address(values):
    kind, err = classify_address(values[0])
    if kind not in ('ipv4', 'ipv4-wildcard', 'any', 'ipv6', 'hostname'):
        return '%s is not an IP address or host name' % values[0]
    return None


def protocol_name(values):
    v = values[0]
    if not re.match(r'^[A-Za-z][A-Za-z0-9_.+-]*$', v):
        return '%s is not a protocol name from /etc/protocols' % v
    return None


def any_value(values):
    return None


def service_ids(values):
    for v in values:
        if v.startswith('#') or '{' in v or '}' in v:
            return '%s is not a service id' % v
    return None
