# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Exposure of one host: who may reach which service, from where and when.

Pure computation (no file or process access), Python 2.7 and 3.6+; the
``exposure_info`` module gathers the inputs and the controller-side report
evaluates the fleet with :func:`reachable`.

* :func:`parse_sockets` reads ``/proc/net/{tcp,tcp6,udp,udp6}``;
* :func:`parse_fib_trie` gives the host's own IPv4 addresses;
* :func:`parse_hosts_access` reads ``hosts.allow`` / ``hosts.deny``;
* :func:`xinetd_allows` is xinetd's ``only_from`` / ``no_access`` decision
  (``access.c``: an address in ``no_access`` is refused, then ``only_from``
  must match when it is set; ``only_from =`` with no value refuses everyone);
* :func:`wrappers_allows` is libwrap's ``hosts_access()`` (first match in
  ``hosts.allow`` grants, then first match in ``hosts.deny`` refuses, else
  granted);
* :func:`wrapper_daemons` says where TCP wrappers apply and under which
  daemon name (xinetd's own libwrap check, and ``tcpd`` as the server);
* :func:`service_record` and :func:`host_checks` build the per-host report.

Answers that depend on DNS or on facts the host does not give (a reverse
lookup, ``LOCAL``, ``KNOWN``, a netgroup) are ``None``: unknown, never a
guess.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import socket
import struct

from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import (
    classify_address,
    ipv4_wildcard_prefix,
)

SCHEMA_VERSION = 1

TCP_LISTEN = '0A'
UDP_UNCONNECTED = '07'

# exposure levels, lowest first (the heat map's scale)
EXPOSURE_LEVELS = ('off', 'not-listening', 'local', 'restricted', 'open')

# an address standing for "anybody on the network" (TEST-NET-2, RFC 5737)
ANYBODY = '198.51.100.7'

_LOOPBACK_NAMES = ('localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback')


# -- sockets and addresses ----------------------------------------------------

def _hex_ipv4(text):
    return socket.inet_ntoa(struct.pack('<I', int(text, 16)))


def _hex_ipv6(text):
    raw = b''.join(struct.pack('<I', int(text[i:i + 8], 16)) for i in range(0, 32, 8))
    try:
        return socket.inet_ntop(socket.AF_INET6, raw)
    except (AttributeError, ValueError, socket.error):
        return ':'.join(text[i:i + 4].lower() for i in range(0, 32, 4))


def parse_sockets(text, table):
    """One ``/proc/net/<table>`` file -> list of socket dicts.

    Each: protocol (tcp/udp), family (4/6), address, port, state (hex),
    listening (a TCP socket in LISTEN or an unconnected UDP socket), inode.
    """
    protocol = 'udp' if table.startswith('udp') else 'tcp'
    family = 6 if table.endswith('6') else 4
    out = []
    for line in (text or '').splitlines()[1:]:
        fields = line.split()
        if len(fields) < 10 or ':' not in fields[1]:
            continue
        addr, _sep, port = fields[1].rpartition(':')
        try:
            port = int(port, 16)
            inode = int(fields[9])
            address = _hex_ipv6(addr) if family == 6 else _hex_ipv4(addr)
        except (ValueError, struct.error):
            continue
        state = fields[3].upper()
        listening = state == (UDP_UNCONNECTED if protocol == 'udp' else TCP_LISTEN)
        if protocol == 'udp' and listening:
            # an unconnected UDP socket has no remote end
            listening = fields[2].split(':')[0].strip('0') == ''
        out.append({'protocol': protocol, 'family': family, 'address': address,
                    'port': port, 'state': state, 'listening': listening, 'inode': inode})
    return out


def parse_fib_trie(text):
    """``/proc/net/fib_trie`` -> sorted local IPv4 addresses (loopback included)."""
    found = set()
    last = None
    for line in (text or '').splitlines():
        stripped = line.strip()
        m = re.match(r'^\|--\s+([0-9.]+)$', stripped)
        if m:
            last = m.group(1)
        elif '/32 host LOCAL' in stripped and last:
            found.add(last)
    return sorted(found, key=_ip_sort_key)


def _ip_sort_key(ip):
    try:
        return (4, socket.inet_aton(ip))
    except (socket.error, OSError, ValueError):
        return (6, ip.encode('ascii', 'replace') if not isinstance(ip, bytes) else ip)


def _ip_bytes(ip):
    """16-byte form (IPv4 as ::ffff:a.b.c.d) or None."""
    ip = ip.split('%', 1)[0]
    try:
        return b'\0' * 10 + b'\xff\xff' + socket.inet_aton(ip) if re.match(r'^[0-9.]+$', ip) \
            else socket.inet_pton(socket.AF_INET6, ip)
    except (socket.error, OSError, ValueError, AttributeError):
        return None


def _is_v4(ip):
    b = _ip_bytes(ip)
    return b is not None and b[:12] == b'\0' * 10 + b'\xff\xff'


def _in_prefix(ip, network, bits, v4):
    a, n = _ip_bytes(ip), _ip_bytes(network)
    if a is None or n is None:
        return False
    if v4:
        if not _is_v4(ip):
            return False
        bits += 96
    bits = max(0, min(128, bits))
    full, rest = divmod(bits, 8)
    if a[:full] != n[:full]:
        return False
    if rest:
        mask = (0xff << (8 - rest)) & 0xff
        return (bytearray(a)[full] & mask) == (bytearray(n)[full] & mask)
    return True


def is_loopback(ip):
    if ip in _LOOPBACK_NAMES:
        return True
    b = _ip_bytes(ip)
    if b is None:
        return False
    return (b[:12] == b'\0' * 10 + b'\xff\xff' and bytearray(b)[12] == 127) or b == b'\0' * 15 + b'\x01'


def is_wildcard(ip):
    return ip in ('0.0.0.0', '::', '*', '')


# -- three-valued logic ----------------------------------------------------------

def any3(values):
    values = list(values)
    if True in values:
        return True
    if None in values:
        return None
    return False


def and3(a, b):
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


# -- xinetd only_from / no_access ------------------------------------------------

def xinetd_address_matches(pattern, ip, resolved=None):
    """Does the xinetd address ``pattern`` match the client ``ip``?

    True / False, or None when it needs DNS the report does not have (a
    ``.domain`` suffix, a host name not resolved on the host).
    ``resolved``: {hostname: [addresses]} as the host resolved them.
    """
    kind, _msg = classify_address(pattern)
    if kind == 'any':
        return True
    if kind == 'ipv4':
        a, b = _ip_bytes(pattern), _ip_bytes(ip)
        return a is not None and a == b
    if kind == 'ipv4-wildcard':
        return _in_prefix(ip, pattern, ipv4_wildcard_prefix(pattern), True)
    if kind in ('cidr4', 'cidr6'):
        net, _sep, bits = pattern.partition('/')
        return _in_prefix(ip, net, int(bits), kind == 'cidr4')
    if kind == 'ipv6':
        a, b = _ip_bytes(pattern), _ip_bytes(ip)
        return a is not None and a == b
    if kind == 'factorized':
        m = re.match(r'^((?:[0-9]+\.){0,3})\{([0-9,]+)\}$', pattern)
        head = [p for p in m.group(1).split('.') if p]
        for last in m.group(2).split(','):
            parts = head + [last]
            net = '.'.join(parts + ['0'] * (4 - len(parts)))
            if _in_prefix(ip, net, 8 * len(parts), True):
                return True
        return False
    if kind == 'hostname':
        if resolved is not None and pattern in resolved:
            return any(_ip_bytes(a) == _ip_bytes(ip) for a in resolved[pattern] or [])
        if pattern in _LOOPBACK_NAMES:
            return is_loopback(ip)
        return None
    if kind == 'domain':
        return None
    return False        # 'bad' / 'invalid': xinetd drops the value


def xinetd_allows(only_from, no_access, ip, resolved=None):
    """xinetd's decision for a client address (access.c).

    only_from: None (not set: everybody) or a list (empty: nobody).
    Returns (True|False|None, reason).
    """
    denied = any3(xinetd_address_matches(p, ip, resolved) for p in no_access or [])
    if denied is True:
        return False, 'in no_access'
    if only_from is None:
        allowed, why = True, 'no only_from'
    elif not only_from:
        allowed, why = False, 'only_from is empty'
    else:
        allowed = any3(xinetd_address_matches(p, ip, resolved) for p in only_from)
        why = {True: 'in only_from', False: 'not in only_from',
               None: 'only_from needs DNS to decide'}[allowed]
    if denied is None:
        if allowed is False:
            return False, why
        return None, 'no_access needs DNS to decide'
    return allowed, why


# -- TCP wrappers -------------------------------------------------------------

def _wrapper_tokens(text):
    return [t for t in re.split(r'[\s,]+', text.strip()) if t]


def parse_hosts_access(text, filename):
    """hosts.allow / hosts.deny text -> [{'file', 'lineno', 'daemons', 'clients', 'options', 'text'}].

    Comments (#) and blank lines are skipped, a backslash joins the next
    line; fields are separated by ':' (an IPv6 address in brackets keeps its
    colons).
    """
    rules = []
    pending, start = '', None
    for lineno, line in enumerate((text or '').split('\n'), 1):
        line = line.rstrip('\r')
        if start is None:
            start = lineno
        if line.endswith('\\'):
            pending += line[:-1] + ' '
            continue
        full = pending + line
        pending = ''
        first = start
        start = None
        stripped = full.strip()
        if not stripped or stripped.startswith('#'):
            continue
        fields = _split_colons(stripped)
        if len(fields) < 2:
            rules.append({'file': filename, 'lineno': first, 'daemons': [], 'clients': [],
                          'options': [], 'text': stripped, 'bad': True})
            continue
        rules.append({'file': filename, 'lineno': first,
                      'daemons': _wrapper_tokens(fields[0]),
                      'clients': _wrapper_tokens(fields[1]),
                      'options': [f.strip() for f in fields[2:]],
                      'text': stripped, 'bad': False})
    return rules


def _split_colons(text):
    fields, cur, depth = [], '', 0
    for ch in text:
        if ch == '[':
            depth += 1
        elif ch == ']':
            depth = max(0, depth - 1)
        if ch == ':' and depth == 0:
            fields.append(cur)
            cur = ''
        else:
            cur += ch
    fields.append(cur)
    return fields


def _list_match(tokens, matcher):
    """tcp_wrappers list_match(): 'a b EXCEPT c' (EXCEPT binds to the right)."""
    upper = [t.upper() for t in tokens]
    if 'EXCEPT' in upper:
        i = upper.index('EXCEPT')
        head = _list_match(tokens[:i], matcher)
        if head is False:
            return False
        tail = _list_match(tokens[i + 1:], matcher)
        if tail is True:
            return False
        if head is True and tail is False:
            return True
        return None
    return any3(matcher(t) for t in tokens)


def _daemon_matcher(daemon):
    def match(token):
        if '@' in token:
            return None         # daemon@host: depends on the server address
        if token.upper() == 'ALL':
            return True
        return token == daemon
    return match


def _client_matcher(ip):
    def match(token):
        up = token.upper()
        if up == 'ALL':
            return True
        if up in ('LOCAL', 'KNOWN', 'UNKNOWN', 'PARANOID') or token.startswith(('@', '/')):
            return None         # needs host names, netgroups or a pattern file
        if '@' in token:
            return None         # user@host needs ident
        t = token
        if t.startswith('[') and ']' in t:
            addr, _sep, rest = t[1:].partition(']')
            bits = rest[1:] if rest.startswith('/') else None
            if _ip_bytes(addr) is None:
                return False
            if bits is None:
                return _ip_bytes(addr) == _ip_bytes(ip)
            try:
                return _in_prefix(ip, addr, int(bits), False)
            except ValueError:
                return False
        if '/' in t:
            net, _sep, mask = t.partition('/')
            if not _is_v4(net) or not re.match(r'^[0-9.]+$', net):
                return False
            if re.match(r'^[0-9]+$', mask):
                return _in_prefix(ip, net, int(mask), True)
            m = _ip_bytes(mask)
            if m is None or not _is_v4(ip):
                return False
            a, n = bytearray(_ip_bytes(ip))[12:], bytearray(_ip_bytes(net))[12:]
            mb = bytearray(m)[12:]
            return all((a[i] & mb[i]) == n[i] for i in range(4))
        if t.endswith('.') and re.match(r'^[0-9.]+$', t):
            return _is_v4(ip) and ip.startswith(t)
        if t.startswith('.'):
            return None         # domain suffix: needs a reverse lookup
        if _ip_bytes(t) is not None:
            return _ip_bytes(t) == _ip_bytes(ip)
        if t.lower() in _LOOPBACK_NAMES:
            return is_loopback(ip)
        return None             # a host name: needs DNS
    return match


def _rule_matches(rule, daemon, ip):
    if rule.get('bad'):
        return False
    d = _list_match(rule['daemons'], _daemon_matcher(daemon))
    if d is False:
        return False
    c = _list_match(rule['clients'], _client_matcher(ip))
    return and3(d, c)


def _rule_verdict(rule, default):
    """PROCESS_OPTIONS builds: an 'allow' or 'deny' option decides."""
    for opt in rule.get('options') or []:
        word = opt.strip().lower()
        if word == 'allow':
            return True
        if word == 'deny':
            return False
    return default


def wrappers_allows(allow_rules, deny_rules, daemon, ip):
    """libwrap's hosts_access() for (daemon, client ip).

    Returns (True|False|None, evidence) where evidence names the deciding
    rule as file:line.
    """
    for rules, default in ((allow_rules or [], True), (deny_rules or [], False)):
        for rule in rules:
            m = _rule_matches(rule, daemon, ip)
            if m is True:
                verdict = _rule_verdict(rule, default)
                return verdict, '%s:%s %s' % (rule['file'], rule['lineno'], rule['text'])
            if m is None:
                return None, '%s:%s %s (needs DNS or ident to decide)' % (
                    rule['file'], rule['lineno'], rule['text'])
    return True, 'no rule in hosts.allow or hosts.deny matches'


def _basename(path):
    return (path or '').rstrip('/').rsplit('/', 1)[-1]


def wrapper_daemons(attributes, service_id, libwrap):
    """Where TCP wrappers apply to an xinetd service, and under which name.

    libwrap: True when this xinetd is built with libwrap, False when not,
    None when unknown.  Returns a list of {'via', 'daemon', 'certain'}:

    * 'xinetd': xinetd's own check (access.c), unless flags has NOLIBWRAP.
      The daemon name is the ``libwrap`` attribute when set, else the
      service name for a redirect, else basename(argv[0]) with NAMEINARGS,
      else basename(server), else the id (an INTERNAL service);
    * 'tcpd': the server is tcpd, which checks under basename(argv[0]):
      the first server_args word with NAMEINARGS, else 'tcpd'.
    """
    flags = [f.upper() for f in attributes.get('flags') or []]
    server = (attributes.get('server') or [None])[0]
    args = attributes.get('server_args') or []
    out = []
    if libwrap is not False and 'NOLIBWRAP' not in flags:
        if attributes.get('libwrap'):
            name = attributes['libwrap'][0]
        elif attributes.get('redirect'):
            name = (attributes.get('_name') or [service_id])[0]
        elif 'NAMEINARGS' in flags and args:
            name = _basename(args[0])
        elif server:
            name = _basename(server)
        else:
            name = service_id
        out.append({'via': 'xinetd', 'daemon': name, 'certain': libwrap is True})
    if server and _basename(server) == 'tcpd':
        name = _basename(args[0]) if ('NAMEINARGS' in flags and args) else 'tcpd'
        out.append({'via': 'tcpd', 'daemon': name, 'certain': True})
    return out


# -- access times ---------------------------------------------------------------

def within_access_times(ranges, minute_of_day):
    """True when ``minute_of_day`` (0-1439) is inside one 'h:mm-h:mm' range
    (xinetd: start and end inclusive, no wrap past midnight); None for no
    ranges (always)."""
    if not ranges:
        return None
    for r in ranges:
        m = re.match(r'^(\d{1,2}):(\d{1,2})-(\d{1,2}):(\d{1,2})$', r)
        if not m:
            continue
        h1, m1, h2, m2 = [int(x) for x in m.groups()]
        if h1 * 60 + m1 <= minute_of_day <= h2 * 60 + m2 and h2 < 24:
            return True
    return False


# -- one host -----------------------------------------------------------------------

def _first(attrs, key):
    return (attrs.get(key) or [None])[0]


def _int_or_text(value):
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return value


def socket_owner_text(sock):
    owner = sock.get('owner')
    if owner:
        return '%s[%s]' % (owner.get('comm'), owner.get('pid'))
    return 'owner unknown'


def socket_text(sock):
    addr = sock['address']
    if sock['family'] == 6:
        addr = '[%s]' % addr
    return '%s%s %s:%s %s' % (sock['protocol'], '6' if sock['family'] == 6 else '', addr,
                              sock['port'], socket_owner_text(sock))


def _matching_sockets(rec, sockets, xinetd_pid):
    port, proto = rec.get('port'), rec.get('protocol')
    bind = _first(rec['attributes'], 'bind')
    found = []
    for s in sockets:
        if not s['listening'] or s['port'] != port or s['protocol'] != proto:
            continue
        if bind and not is_wildcard(s['address']) and _ip_bytes(bind) is not None and \
                _ip_bytes(s['address']) != _ip_bytes(bind):
            continue
        owner = s.get('owner') or {}
        if xinetd_pid and owner.get('pid') not in (None, xinetd_pid):
            continue
        found.append(s)
    return found


def _who(only_from, no_access, wrappers, bind):
    parts = []
    if bind and not is_wildcard(bind):
        parts.append('bound to %s' % bind)
    if only_from is None:
        parts.append('only_from not set (every address)')
    elif not only_from:
        parts.append('only_from empty (nobody)')
    else:
        parts.append('only_from %s' % ' '.join(only_from))
    if no_access:
        parts.append('no_access %s' % ' '.join(no_access))
    for w in wrappers:
        parts.append('TCP wrappers (%s as %s%s)' % (w['via'], w['daemon'],
                                                    '' if w['certain'] else ', if built with libwrap'))
    return '; '.join(parts)


def decide(service, ip, allow_rules=None, deny_rules=None, minute_of_day=None):
    """Would ``ip`` get through to ``service`` (a record of :func:`service_record`)?

    Returns (verdict, reasons): verdict is 'yes', 'no', 'outside-hours'
    (allowed by address, refused at this time by access_times) or 'unknown'.
    """
    reasons = []
    if not service.get('enabled'):
        return 'no', ['the entry is off']
    if not service.get('listening'):
        return 'no', ['nothing listens on %s/%s' % (service.get('port'), service.get('protocol'))]
    bind = service.get('bind')
    if bind and is_loopback(bind) and not is_loopback(ip):
        return 'no', ['bound to %s' % bind]
    ok, why = xinetd_allows(service.get('only_from'), service.get('no_access'), ip,
                            service.get('resolved'))
    reasons.append('xinetd: %s' % why)
    for w in service.get('tcp_wrappers') or []:
        wok, wwhy = wrappers_allows(allow_rules, deny_rules, w['daemon'], ip)
        if not w.get('certain') and wok is False:
            wok = None
        reasons.append('%s (%s): %s' % (w['via'], w['daemon'], wwhy))
        ok = and3(ok, wok)
    if ok is None:
        return 'unknown', reasons
    if ok is False:
        return 'no', reasons
    if service.get('access_times') and minute_of_day is not None:
        if not within_access_times(service['access_times'], minute_of_day):
            reasons.append('access_times %s' % ' '.join(service['access_times']))
            return 'outside-hours', reasons
    return 'yes', reasons


def reachable(service, addresses, allow_rules=None, deny_rules=None, minute_of_day=None):
    """The verdict for a source with several addresses: one verdict when they
    agree, else 'depends-on-address'."""
    verdicts = [decide(service, a, allow_rules, deny_rules, minute_of_day)[0] for a in addresses]
    if not verdicts:
        return 'unknown'
    if len(set(verdicts)) == 1:
        return verdicts[0]
    return 'depends-on-address'


def exposure_level(service, allow_rules=None, deny_rules=None):
    """off | not-listening | local | restricted | open."""
    if not service.get('enabled'):
        return 'off'
    if not service.get('listening'):
        return 'not-listening'
    bind = service.get('bind')
    if bind and is_loopback(bind):
        return 'local'
    only_from = service.get('only_from')
    if only_from and all(is_loopback(v) for v in only_from):
        return 'local'
    verdict = decide(service, ANYBODY, allow_rules, deny_rules)[0]
    unrestricted = only_from is None or any(classify_address(v)[0] == 'any' or v.endswith('/0')
                                            for v in only_from)
    unrestricted = unrestricted and not service.get('no_access')
    for w in service.get('tcp_wrappers') or []:
        # a hosts.deny rule for this daemon refuses somebody
        if any(_list_match(r['daemons'], _daemon_matcher(w['daemon'])) is not False
               for r in deny_rules or [] if not r.get('bad')):
            unrestricted = False
    if verdict == 'yes' and unrestricted:
        return 'open'
    return 'restricted'


def service_record(rec, sockets, xinetd_pid, xinetd_running, libwrap, resolved=None,
                   allow_rules=None, deny_rules=None):
    """One xinetd entry of ``_xinetd_effective.Effective`` -> the report's service dict."""
    attrs = rec.get('attributes') or {}
    enabled = bool(rec.get('enabled'))
    only_from = list(attrs['only_from']) if 'only_from' in attrs else None
    no_access = list(attrs.get('no_access') or [])
    bind = _first(attrs, 'bind')
    wrappers = wrapper_daemons(dict(attrs, _name=[rec.get('name')]), rec.get('id'), libwrap) \
        if enabled else []
    socks = _matching_sockets(rec, sockets, xinetd_pid) if (enabled and xinetd_running) else []
    names = [v for v in (only_from or []) + no_access if classify_address(v)[0] == 'hostname']
    out = {
        'id': rec.get('id'),
        'name': rec.get('name'),
        'kind': 'xinetd',
        'file': rec.get('file'),
        'lineno': rec.get('lineno'),
        'enabled': enabled,
        'state': rec.get('state') or ('enabled' if enabled else 'disabled'),
        'reason': rec.get('reason'),
        'port': rec.get('port'),
        'protocol': rec.get('protocol'),
        'socket_type': _first(attrs, 'socket_type'),
        'bind': bind,
        'server': _first(attrs, 'server'),
        'server_args': list(attrs.get('server_args') or []),
        'user': _first(attrs, 'user'),
        'type': list(attrs.get('type') or []),
        'flags': list(attrs.get('flags') or []),
        'only_from': only_from,
        'no_access': no_access,
        'access_times': list(attrs.get('access_times') or []),
        'instances': _int_or_text(_first(attrs, 'instances')) or 'UNLIMITED',
        'per_source': _int_or_text(_first(attrs, 'per_source')) or 'UNLIMITED',
        'cps': [_int_or_text(v) for v in attrs.get('cps') or []] or None,
        'tcp_wrappers': wrappers,
        'listening': bool(socks),
        'sockets': [socket_text(s) for s in socks],
        'resolved': dict((n, list((resolved or {}).get(n) or [])) for n in names),
    }
    if out['instances'] == 'UNLIMITED' and _first(attrs, 'instances') is None:
        out['instances'] = 'UNLIMITED'
    out['who'] = _who(only_from, no_access, wrappers, bind) if enabled else 'off (%s)' % (
        out['reason'] or 'disabled')
    out['exposure'] = exposure_level(out, allow_rules, deny_rules)
    return out


# -- checks ----------------------------------------------------------------------------

# CIS Red Hat Enterprise Linux 6 Benchmark v2.0.2, section 2.1 (inetd services):
# id -> (title, xinetd service names)
CIS_XINETD = (
    ('CIS 2.1.1', 'chargen services are not enabled', ('chargen',)),
    ('CIS 2.1.2', 'daytime services are not enabled', ('daytime',)),
    ('CIS 2.1.3', 'discard services are not enabled', ('discard',)),
    ('CIS 2.1.4', 'echo services are not enabled', ('echo',)),
    ('CIS 2.1.5', 'time services are not enabled', ('time',)),
    ('CIS 2.1.6', 'rsh server (rsh, rlogin, rexec) is not enabled',
     ('shell', 'login', 'exec', 'rsh', 'rlogin', 'rexec')),
    ('CIS 2.1.7', 'talk server is not enabled', ('talk', 'ntalk')),
    ('CIS 2.1.8', 'telnet server is not enabled', ('telnet',)),
    ('CIS 2.1.9', 'tftp server is not enabled', ('tftp',)),
    ('CIS 2.1.10', 'rsync service is not enabled', ('rsync',)),
)

# DISA RHEL 6 STIG: xinetd services that must be off
STIG_XINETD = (
    ('RHEL-06-000211', 'the telnet daemon must not be running', ('telnet',)),
    ('RHEL-06-000214', 'the rshd service must not be running', ('shell', 'rsh')),
    ('RHEL-06-000216', 'the rexecd service must not be running', ('exec', 'rexec')),
    ('RHEL-06-000218', 'the rlogind service must not be running', ('login', 'rlogin')),
    ('RHEL-06-000223', 'the TFTP service must not be running', ('tftp',)),
)

# DISA RHEL 6 STIG: packages that must not be installed (RHEL name)
STIG_PACKAGES = (
    ('RHEL-06-000206', 'the telnet-server package must not be installed', 'telnet-server'),
    ('RHEL-06-000213', 'the rsh-server package must not be installed', 'rsh-server'),
    ('RHEL-06-000222', 'the tftp-server package must not be installed', 'tftp-server'),
)

# RHEL package -> the packages that provide the same server on Debian
PACKAGE_EQUIVALENTS = {
    'telnet-server': ('telnetd', 'inetutils-telnetd', 'telnetd-ssl'),
    'rsh-server': ('rsh-server', 'rsh-redone-server'),
    'tftp-server': ('tftpd', 'tftpd-hpa', 'atftpd'),
    'xinetd': ('xinetd',),
    'rsync': ('rsync',),
}

IMPLEMENTED_CHECKS = tuple(c[0] for c in CIS_XINETD) + ('CIS 2.1.11',) + \
    tuple(c[0] for c in STIG_XINETD) + tuple(c[0] for c in STIG_PACKAGES) + \
    ('RHEL-06-000203', 'RHEL-06-000204', 'RHEL-06-000338')


def _where(rec):
    return '%s:%s' % (rec.get('file'), rec.get('lineno'))


def _entries_named(services, inactive, names):
    names = set(n.lower() for n in names)

    def hit(rec):
        return (rec.get('name') or '').lower() in names or \
            (rec.get('id') or '').lower().split('-')[0] in names
    return ([r for r in services.values() if hit(r)], [r for r in inactive if hit(r)])


def _off_check(check_id, title, names, services, inactive, chkconfig_view=None):
    active, off = _entries_named(services, inactive, names)
    if active:
        evidence = ['%s service %s (id %s) is served by xinetd%s' % (
            _where(r), r['name'], r['id'],
            ', listening on %s' % ', '.join(r['sockets']) if r.get('sockets') else '')
            for r in active]
        return {'id': check_id, 'title': title, 'status': 'fail', 'evidence': evidence}
    evidence = ['%s service %s (id %s) is off: %s' % (_where(r), r['name'], r['id'],
                                                      r.get('reason') or 'disabled') for r in off]
    if chkconfig_view:
        for r in off:
            base = (r.get('file') or '').rsplit('/', 1)[-1]
            if chkconfig_view.get(base) is True:
                evidence.append('%s: chkconfig --list would show it "on" (it reads only '
                                'lowercase "disable" lines); xinetd does not serve it'
                                % r.get('file'))
    if not evidence:
        evidence = ['no xinetd entry named %s' % ', '.join(names)]
    return {'id': check_id, 'title': title, 'status': 'pass', 'evidence': evidence}


def host_checks(services, inactive, packages, xinetd_boot, xinetd_running, sysv=None,
                chkconfig_view=None):
    """CIS RHEL 6 2.1.x and RHEL 6 STIG checks, each {id, title, status, evidence}.

    services / inactive: the report's service dicts (active / not active).
    packages: {rhel_name: {'installed': bool|None, 'evidence': str}}.
    xinetd_boot: {'enabled': bool, 'evidence': str}; xinetd_running: pid or None.
    sysv: {script: {'runlevels': {...}}}; chkconfig_view: {file: chkconfig's on/off}.
    """
    checks = []
    for check_id, title, names in CIS_XINETD:
        c = _off_check(check_id, title, names, services, inactive, chkconfig_view)
        if check_id == 'CIS 2.1.10' and sysv and 'rsync' in sysv:
            on = [lvl for lvl, st in sorted(sysv['rsync']['runlevels'].items()) if st == 'on']
            if on:
                c['status'] = 'fail'
                c['evidence'].append('init script rsync is on in runlevels %s' % ' '.join(on))
            else:
                c['evidence'].append('init script rsync is off in every runlevel')
        checks.append(c)
    boot = xinetd_boot or {}
    checks.append({
        'id': 'CIS 2.1.11', 'title': 'xinetd is not enabled',
        'status': 'fail' if boot.get('enabled') else 'pass',
        'evidence': [boot.get('evidence') or 'xinetd has no start link']})
    for check_id, title, names in STIG_XINETD:
        checks.append(_off_check(check_id, title, names, services, inactive, chkconfig_view))
    for check_id, title, rhel_name in STIG_PACKAGES:
        checks.append(_package_check(check_id, title, rhel_name, packages))
    active = sorted(services)
    running = 'xinetd runs (pid %s)' % xinetd_running if xinetd_running else 'xinetd is not running'
    if active:
        status = 'pass'
        evidence = ['xinetd serves %d service(s): %s' % (len(active), ', '.join(active))]
    elif boot.get('enabled') or xinetd_running:
        status = 'fail'
        evidence = ['no xinetd service is enabled, yet: %s; %s'
                    % (boot.get('evidence') or 'xinetd starts at boot', running)]
    else:
        status = 'pass'
        evidence = ['xinetd is neither enabled at boot nor running (%s)' % running]
    checks.append({'id': 'RHEL-06-000203',
                   'title': 'xinetd must be disabled if no network services use it',
                   'status': status, 'evidence': evidence})
    pkg = (packages or {}).get('xinetd') or {}
    if active:
        status, evidence = 'pass', ['xinetd is in use: %s' % ', '.join(active)]
    elif pkg.get('installed') is False:
        status, evidence = 'pass', [pkg.get('evidence') or 'xinetd is not installed']
    else:
        status = 'fail'
        evidence = ['no xinetd service is enabled and the package is %s: %s' % (
            'installed' if pkg.get('installed') else 'not proven absent',
            pkg.get('evidence') or 'no package query')]
    checks.append({'id': 'RHEL-06-000204',
                   'title': 'xinetd must be uninstalled if no network services use it',
                   'status': status, 'evidence': evidence})
    tftp = [r for r in services.values() if (r.get('name') or '').lower() == 'tftp']
    if not tftp:
        checks.append({'id': 'RHEL-06-000338', 'title': 'the TFTP daemon must operate in secure mode',
                       'status': 'pass', 'evidence': ['not applicable: xinetd serves no tftp entry']})
    else:
        bad = [r for r in tftp if '-s' not in (r.get('server_args') or [])]
        checks.append({'id': 'RHEL-06-000338', 'title': 'the TFTP daemon must operate in secure mode',
                       'status': 'fail' if bad else 'pass',
                       'evidence': ['%s server_args = %s' % (_where(r), ' '.join(r.get('server_args') or []) or '(none)')
                                    for r in tftp]})
    return checks


def _package_check(check_id, title, rhel_name, packages):
    pkg = (packages or {}).get(rhel_name) or {}
    installed = pkg.get('installed')
    if installed is False:
        status = 'pass'
    elif installed is True:
        status = 'fail'
    else:
        status = 'fail'
    evidence = pkg.get('evidence') or 'no package manager answered: absence not proven'
    return {'id': check_id, 'title': title, 'status': status, 'evidence': [evidence]}


def parse_dpkg_query(out, err, names):
    """``dpkg-query -W -f '${Package} ${Status}\\n' NAMES`` -> {name: installed}."""
    found = dict((n, False) for n in names)
    for line in (out or '').splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[0].split(':')[0] in found:
            found[fields[0].split(':')[0]] = fields[-1] == 'installed' and fields[1] != 'deinstall'
    return found


def parse_rpm_query(out, names):
    """``rpm -q NAMES`` -> {name: installed}."""
    found = dict((n, None) for n in names)
    lines = (out or '').splitlines()
    for name in names:
        if any(line.strip() == 'package %s is not installed' % name for line in lines):
            found[name] = False
        elif any(line.startswith(name + '-') for line in lines):
            found[name] = True
    return found


def parse_if_inet6(text):
    """``/proc/net/if_inet6`` -> sorted IPv6 addresses (loopback and link-local included)."""
    found = set()
    for line in (text or '').splitlines():
        fields = line.split()
        if not fields or len(fields[0]) != 32:
            continue
        try:
            raw = bytes(bytearray(int(fields[0][i:i + 2], 16) for i in range(0, 32, 2)))
            found.add(socket.inet_ntop(socket.AF_INET6, raw))
        except (ValueError, AttributeError, socket.error):
            continue
    return sorted(found)


def host_report(effective, sockets, xinetd_pid, libwrap, libwrap_evidence, resolved,
                allow_rules, deny_rules, xinetd_boot, packages, sysv, chkconfig_view,
                addresses, minute_of_day, clock):
    """Everything the report needs from one host, as plain data.

    effective: ``_xinetd_effective.Effective.to_dict()`` (or None when there
    is no xinetd configuration); sockets: :func:`parse_sockets` output with
    an optional 'owner' ({'pid', 'comm'}) on each; the rest as in
    :func:`host_checks` and :func:`service_record`.
    """
    effective = effective or {'services': {}, 'inactive': [], 'problems': [], 'files': [],
                              'xinetd_exits': False}
    running = bool(xinetd_pid)
    services = {}
    for key, rec in sorted(effective['services'].items()):
        services[key] = service_record(rec, sockets, xinetd_pid, running, libwrap, resolved,
                                       allow_rules, deny_rules)
    inactive = []
    for rec in effective.get('inactive') or []:
        r = service_record(rec, sockets, xinetd_pid, running, libwrap, resolved,
                           allow_rules, deny_rules)
        inactive.append(r)
        key = r['id'] or r['name']
        if key in services:
            key = '%s@%s:%s' % (key, r['file'], r['lineno'])
        services.setdefault(key, r)
    active = dict((k, v) for k, v in services.items() if v['enabled'])
    xinetd_ports = set((s['protocol'], s['port']) for s in active.values() if s['listening'])
    others = []
    for s in sockets:
        if not s['listening']:
            continue
        owner = s.get('owner') or {}
        if xinetd_pid and owner.get('pid') == xinetd_pid and (s['protocol'], s['port']) in xinetd_ports:
            continue
        others.append({'protocol': s['protocol'], 'family': s['family'], 'address': s['address'],
                       'port': s['port'], 'process': owner.get('comm'), 'pid': owner.get('pid'),
                       'local_only': is_loopback(s['address'])})
    others.sort(key=lambda o: (o['protocol'], o['port'], o['family'], o['address']))
    checks = host_checks(active, inactive, packages, xinetd_boot, xinetd_pid, sysv, chkconfig_view)
    return {
        'schema_version': SCHEMA_VERSION,
        'addresses': list(addresses),
        'clock': clock,
        'minute_of_day': minute_of_day,
        'xinetd': {
            'running': xinetd_pid or None,
            'boot_enabled': bool((xinetd_boot or {}).get('enabled')),
            'boot_evidence': (xinetd_boot or {}).get('evidence'),
            'libwrap': libwrap,
            'libwrap_evidence': libwrap_evidence,
            'files': list(effective.get('files') or []),
            'exits': bool(effective.get('xinetd_exits')),
            'problems': [p for p in effective.get('problems') or []
                         if p.get('severity') in ('fatal', 'error', 'warning')],
        },
        'services': services,
        'init_scripts': sysv or {},
        'other_listeners': others,
        'tcp_wrappers': {'allow': allow_rules or [], 'deny': deny_rules or []},
        'checks': checks,
    }
