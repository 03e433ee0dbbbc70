# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who may reach an xinetd service, from where and when (pure, Python 2.7 and 3.6+).

* :func:`xinetd_allows` is xinetd's ``only_from`` / ``no_access`` decision
  (``access.c``: an address in ``no_access`` is refused, then ``only_from``
  must match when it is set; ``only_from =`` with no value refuses everyone);
* :func:`parse_hosts_access` reads ``hosts.allow`` / ``hosts.deny``;
* :func:`wrappers_allows` is libwrap's ``hosts_access()`` (first match in
  ``hosts.allow`` grants, then first match in ``hosts.deny`` refuses, else
  granted);
* :func:`wrapper_daemons` says where TCP wrappers apply and under which
  daemon name (xinetd's own libwrap check, and ``tcpd`` as the server);
* :func:`within_access_times` is xinetd's ``access_times`` window;
* :func:`decide`, :func:`reachable` and :func:`exposure_level` combine them
  for one service record of the report.

Answers that depend on DNS or on facts the host does not give (a reverse
lookup, ``LOCAL``, ``KNOWN``, a netgroup) are ``None``: unknown, never a
guess.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.sysv.services.plugins.module_utils._exposure.sockets import (
    LOOPBACK_NAMES,
    in_prefix,
    ip_bytes,
    is_loopback,
    is_v4,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.attrs import (
    classify_address,
    ipv4_wildcard_prefix,
)

# exposure levels, lowest first (the heat map's scale)
EXPOSURE_LEVELS = ('off', 'not-listening', 'local', 'restricted', 'open')

# an address standing for "anybody on the network" (TEST-NET-2, RFC 5737)
ANYBODY = '198.51.100.7'


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
        a, b = ip_bytes(pattern), ip_bytes(ip)
        return a is not None and a == b
    if kind == 'ipv4-wildcard':
        return in_prefix(ip, pattern, ipv4_wildcard_prefix(pattern), True)
    if kind in ('cidr4', 'cidr6'):
        net, _sep, bits = pattern.partition('/')
        return in_prefix(ip, net, int(bits), kind == 'cidr4')
    if kind == 'ipv6':
        a, b = ip_bytes(pattern), ip_bytes(ip)
        return a is not None and a == b
    if kind == 'factorized':
        m = re.match(r'^((?:[0-9]+\.){0,3})\{([0-9,]+)\}$', pattern)
        head = [p for p in m.group(1).split('.') if p]
        for last in m.group(2).split(','):
            parts = head + [last]
            net = '.'.join(parts + ['0'] * (4 - len(parts)))
            if in_prefix(ip, net, 8 * len(parts), True):
                return True
        return False
    if kind == 'hostname':
        if resolved is not None and pattern in resolved:
            return any(ip_bytes(a) == ip_bytes(ip) for a in resolved[pattern] or [])
        if pattern in LOOPBACK_NAMES:
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
            if ip_bytes(addr) is None:
                return False
            if bits is None:
                return ip_bytes(addr) == ip_bytes(ip)
            try:
                return in_prefix(ip, addr, int(bits), False)
            except ValueError:
                return False
        if '/' in t:
            net, _sep, mask = t.partition('/')
            if not is_v4(net) or not re.match(r'^[0-9.]+$', net):
                return False
            if re.match(r'^[0-9]+$', mask):
                return in_prefix(ip, net, int(mask), True)
            m = ip_bytes(mask)
            if m is None or not is_v4(ip):
                return False
            a, n = bytearray(ip_bytes(ip))[12:], bytearray(ip_bytes(net))[12:]
            mb = bytearray(m)[12:]
            return all((a[i] & mb[i]) == n[i] for i in range(4))
        if t.endswith('.') and re.match(r'^[0-9.]+$', t):
            return is_v4(ip) and ip.startswith(t)
        if t.startswith('.'):
            return None         # domain suffix: needs a reverse lookup
        if ip_bytes(t) is not None:
            return ip_bytes(t) == ip_bytes(ip)
        if t.lower() in LOOPBACK_NAMES:
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


# -- one service record --------------------------------------------------------------

def decide(service, ip, allow_rules=None, deny_rules=None, minute_of_day=None):
    """Would ``ip`` get through to ``service`` (a record of ``host.service_record``)?

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
