# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Configuration cases for the differential test against the real xinetd.

Three families, all deterministic:

* ``edge_cases()``: every edge case listed in xinetd-spec.md, written by hand;
* ``attribute_cases()``: for every attribute of spec section 2, valid and
  subtly invalid values, in a service and (where allowed) in ``defaults``;
* ``random_cases(seed, count)``: seeded combinations of the above with
  lexical noise (keyword case, tabs, extra tokens after the name).

A case is ``{'name': str, 'files': {relpath: text}}``.  ``@DIR@`` in a text
is replaced by the absolute case directory when the case is written, so
``includedir`` and ``include`` need no relative paths.  Every service gets
its own port (20001 upwards) so that the listening sockets tell which
services xinetd activated.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import random

SERVER = '/bin/cat'
BASE_PORT = 20000


def service(name, port, attrs=(), socket_type='stream', drop=(), header=None,
            sep=' ', indent='\t'):
    """Text of one UNLISTED service listening on ``port``.

    ``attrs`` are (name, op, value) triples added after the base ones; a base
    attribute whose name is in ``drop`` (or given again in ``attrs``) is left out.
    """
    wait = 'yes' if socket_type == 'dgram' else 'no'
    base = [('type', '=', 'UNLISTED'), ('port', '=', str(port)),
            ('socket_type', '=', socket_type), ('wait', '=', wait),
            ('user', '=', 'root'), ('server', '=', SERVER)]
    override = set(a[0] for a in attrs)
    lines = [header or ('service %s' % name), '{']
    for key, op, value in base:
        if key in drop or key in override:
            continue
        lines.append('%s%s%s%s%s%s' % (indent, key, sep, op, sep, value))
    for key, op, value in attrs:
        if value is None:
            lines.append('%s%s' % (indent, key))
        else:
            lines.append('%s%s%s%s%s%s' % (indent, key, sep, op, sep if value != '' else '', value))
    lines.append('}')
    return '\n'.join(lines) + '\n'


def main_conf(defaults_attrs=(), includedir=True, extra=''):
    lines = ['defaults', '{']
    for key, op, value in defaults_attrs:
        lines.append('\t%s %s %s' % (key, op, value) if value != '' else '\t%s %s' % (key, op))
    lines.append('}')
    if includedir:
        lines.append('includedir @DIR@/xinetd.d')
    text = '\n'.join(lines) + '\n'
    return text + extra


def case(name, conf, services=None):
    files = {'xinetd.conf': conf}
    for fname, text in (services or {}).items():
        files['xinetd.d/' + fname] = text
    return {'name': name, 'files': files}


def edge_cases():
    """One case per edge case of xinetd-spec.md (plus close relatives)."""
    p = BASE_PORT
    cases = []
    add = cases.append

    # Inline '#': wrong arity, the line is ignored, so the service stays enabled
    add(case('edge-inline-comment-disable', main_conf(), {
        'svc': service('s1', p + 1, [('disable', '=', 'yes # off')])}))
    add(case('edge-inline-comment-server-args', main_conf(), {
        'svc': service('s1', p + 1, [('server_args', '=', '-n # comment')])}))
    add(case('edge-inline-comment-port', main_conf(), {
        'svc': service('s1', p + 1, [('port', '=', '%d # telnet' % (p + 1))])}))
    # no space before the operator: the whole entry is dropped
    add(case('edge-no-space-before-op', main_conf(), {
        'svc': service('s1', p + 1, sep='') + service('s2', p + 2)}))
    add(case('edge-no-space-after-plus-op', main_conf(), {
        'svc': service('s1', p + 1, [('only_from', '+=', '127.0.0.1')]).replace(
            'only_from += 127.0.0.1', 'only_from+= 127.0.0.1') + service('s2', p + 2)}))
    add(case('edge-split-operator', main_conf(), {
        'svc': service('s1', p + 1).replace('wait = no', 'wait + = no') + service('s2', p + 2)}))
    # 'service x {' on one line: the service is lost up to the next '}'
    add(case('edge-brace-same-line', main_conf(), {
        'svc': service('s1', p + 1, header='service s1 {').replace('{\n', '', 1).replace(
            'service s1 {', 'service s1 {\n', 1) + service('s2', p + 2)}))
    add(case('edge-brace-with-comment', main_conf(), {
        'svc': service('s1', p + 1).replace('\n{\n', '\n{ # begin\n', 1) + service('s2', p + 2)}))
    add(case('edge-brace-same-line-main', main_conf(includedir=False, extra=(
        'service s1 {\n' + service('s1', p + 1).split('{\n', 1)[1] + service('s2', p + 2))), {}))
    # unknown top-level keyword swallows the following service
    add(case('edge-includefile', main_conf(includedir=False, extra=(
        'includefile @DIR@/other\n' + service('s1', p + 1) + service('s2', p + 2))),
        {}))
    add(case('edge-unknown-keyword-block', main_conf(includedir=False, extra=(
        'servce s0\n{\n\tport = 1\n}\n' + service('s1', p + 1) + service('s2', p + 2))), {}))
    add(case('edge-missing-final-brace', main_conf(), {
        'a': service('s1', p + 1), 'b': service('s2', p + 2).rstrip('}\n') + '\n'}))
    add(case('edge-missing-final-brace-main', main_conf(includedir=False, extra=(
        service('s1', p + 1) + service('s2', p + 2).rstrip('}\n') + '\n')), {}))
    # mixed case keywords, names and values
    add(case('edge-mixed-case', main_conf(), {
        'svc': service('s1', p + 1).replace('service s1', 'SERVICE s1').replace(
            'socket_type = stream', 'Socket_Type = STREAM').replace('wait = no', 'WAIT = No').replace(
            'type = UNLISTED', 'TYPE = unlisted') + service('s2', p + 2, [('Disable', '=', 'YES')])
        + service('s3', p + 3, [('disable', '=', 'No')])}))
    add(case('edge-mixed-case-defaults', main_conf(includedir=True).replace(
        'defaults', 'DEFAULTS').replace('includedir', 'INCLUDEDIR'), {
        'svc': service('s1', p + 1)}))
    # CRLF: '\r' is part of the token
    add(case('edge-crlf-disable', main_conf(), {
        'svc': service('s1', p + 1, [('disable', '=', 'no\r')]) + service('s2', p + 2)}))
    add(case('edge-crlf-whole-file', main_conf(), {
        'svc': (service('s1', p + 1) + service('s2', p + 2)).replace('\n', '\r\n')}))
    add(case('edge-crlf-server', main_conf(), {
        'svc': service('s1', p + 1, [('server', '=', SERVER + '\r')]) + service('s2', p + 2)}))
    # quotes are ordinary characters
    add(case('edge-quotes-server-args', main_conf(), {
        'svc': service('s1', p + 1, [('server_args', '=', '[%s] "two words"')])}))
    add(case('edge-quotes-user', main_conf(), {
        'svc': service('s1', p + 1, [('user', '=', '"root"')]) + service('s2', p + 2)}))
    # includedir skip rules: '.' and '~' names, directories, symlinks
    add(case('edge-includedir-skips', main_conf(), {
        'plain': service('s1', p + 1),
        'with.dot': service('s2', p + 2),
        'backup~': service('s3', p + 3),
        'foo.rpmnew': service('s4', p + 4),
        'trailing,': service('s5', p + 5),
        '.hidden': service('s6', p + 6),
        'sub/inner': service('s7', p + 7),
        'x.swp': service('s8', p + 8),
    }))
    add(case('edge-includedir-missing', main_conf(includedir=False, extra=(
        'includedir @DIR@/nonexistent\n' + service('s1', p + 1))), {}))
    add(case('edge-include-file', main_conf(includedir=False, extra=(
        'include @DIR@/xinetd.d/one\n' + service('s2', p + 2))), {
        'one': service('s1', p + 1)}))
    add(case('edge-includedir-order', main_conf(), {
        'b': service('dup', p + 1, [('id', '=', 'dup-b'), ('bind', '=', '127.0.0.1')]),
        'a': service('dup', p + 1, [('id', '=', 'dup-a'), ('bind', '=', '127.0.0.1')]),
    }))
    # first value wins
    add(case('edge-first-value-wins-port', main_conf(), {
        'svc': service('s1', p + 1, [('port', '=', str(p + 1)), ('port', '=', str(p + 9))])}))
    add(case('edge-first-value-wins-disable', main_conf(), {
        'svc': service('s1', p + 1, [('disable', '=', 'no'), ('disable', '=', 'yes')])
        + service('s2', p + 2, [('disable', '=', 'yes'), ('disable', '=', 'no')])}))
    # the first disable line decides: after a good value xinetd skips the
    # line ("attribute already set"); a bad value disables the entry, and a
    # later 'disable = no' enables it again on 2.3.14 only: the reading of
    # _xinetd.disable (chkconfig, service)
    add(case('edge-bad-disable-value-order', main_conf(), {
        'svc': service('s1', p + 1, [('disable', '=', 'no'), ('disable', '=', 'maybe')])
        + service('s2', p + 2, [('disable', '=', 'maybe'), ('disable', '=', 'no')])
        + service('s3', p + 3, [('disable', '=', 'maybe')])
        + service('s4', p + 4, [('disable', '=', 'maybe'), ('disable', '=', 'yes')])}))
    add(case('edge-first-value-wins-server', main_conf(), {
        'svc': service('s1', p + 1, [('server', '=', SERVER), ('server', '=', '/nonexistent')])
        + service('s2', p + 2, [('server', '=', '/nonexistent'), ('server', '=', SERVER)])}))
    # '=' resets inherited lists, operators on scalars
    add(case('edge-list-ops', main_conf([('only_from', '=', '127.0.0.1'),
                                         ('log_on_failure', '=', 'HOST')]), {
        'svc': service('s1', p + 1, [('only_from', '=', '10.0.0.0')])
        + service('s2', p + 2, [('only_from', '+=', '10.0.0.0')])
        + service('s3', p + 3, [('only_from', '-=', '127.0.0.1')])
        + service('s4', p + 4, [('log_on_failure', '+=', 'USERID')])
        + service('s5', p + 5, [('instances', '+=', '5')])
        + service('s6', p + 6, [('env', '-=', 'A=b')])
        + service('s7', p + 7, [('env', '+=', 'A=b')])
        + service('s8', p + 8, [('only_from', '=', '')])}))
    # errors in defaults are fatal (exit 0)
    add(case('edge-defaults-two-log-type', main_conf([('log_type', '=', 'SYSLOG daemon'),
                                                      ('log_type', '=', 'SYSLOG authpriv')]), {
        'svc': service('s1', p + 1)}))
    add(case('edge-defaults-bad-instances', main_conf([('instances', '=', 'lots')]), {
        'svc': service('s1', p + 1)}))
    add(case('edge-defaults-in-include', main_conf(), {
        'aaa': 'defaults\n{\n\tinstances = lots\n}\n', 'svc': service('s1', p + 1)}))
    add(case('edge-defaults-in-include-merge', main_conf(), {
        'aaa': 'defaults\n{\n\tdisabled = s2\n}\n', 'svc': service('s1', p + 1)
        + service('s2', p + 2)}))
    add(case('edge-defaults-service-only-attrs', main_conf([('disable', '=', 'yes'),
                                                            ('access_times', '=', '08:00-09:00')]), {
        'svc': service('s1', p + 1)}))
    add(case('edge-defaults-enabled', main_conf([('enabled', '=', 's1 s3')]), {
        'svc': service('s1', p + 1) + service('s2', p + 2) + service('s3', p + 3)}))
    add(case('edge-defaults-disabled', main_conf([('disabled', '=', 's2')]), {
        'svc': service('s1', p + 1) + service('s2', p + 2)}))
    add(case('edge-defaults-enabled-in-service', main_conf(), {
        'svc': service('s1', p + 1, [('enabled', '=', 's1')]) + service('s2', p + 2)}))
    # access_times 24:00 and friends
    for i, value in enumerate(('08:00-24:00', '08:00-17:00', '8:00-17:00', '17:00-08:00',
                               '00:00-23:59', '08:00-17:00 18:00-19:00', '08:00', '08:60-09:00',
                               '24:00-24:00')):
        add(case('edge-access-times-%d' % i, main_conf(), {
            'svc': service('s1', p + 1, [('access_times', '=', value)])}))
    # unresolvable hosts, address in both lists, address syntax
    for i, (attr, value) in enumerate((
            ('only_from', 'nosuchhost.invalid'), ('only_from', 'localhost'),
            ('only_from', '127.0.0.1 nosuchhost.invalid'), ('no_access', 'nosuchhost.invalid'),
            ('only_from', '128.138.{193,194}'), ('only_from', '128.138.{193,194},10.0.0.1'),
            ('only_from', '10.0.0.0/8'), ('only_from', '::1'), ('only_from', '::1/128'),
            ('only_from', '.example.com'), ('only_from', '0.0.0.0'), ('only_from', '10.0.0.0/33'),
            ('only_from', '300.1.2.3'), ('only_from', 'loopback'), ('bind', 'nosuchhost.invalid'),
            ('bind', 'localhost'), ('bind', '::1'), ('bind', '300.1.1.1'))):
        add(case('edge-address-%d' % i, main_conf(), {
            'svc': service('s1', p + 1, [(attr, '=', value)])}))
    add(case('edge-address-both-lists', main_conf(), {
        'svc': service('s1', p + 1, [('only_from', '=', '127.0.0.1'), ('no_access', '=', '127.0.0.1')])}))
    # duplicate ids, with and without bind
    add(case('edge-duplicate-no-bind', main_conf(), {
        'svc': service('d', p + 1, [('id', '=', 'd1')]) + service('d', p + 1, [('id', '=', 'd2')])}))
    add(case('edge-duplicate-same-bind', main_conf(), {
        'svc': service('d', p + 1, [('id', '=', 'd1'), ('bind', '=', '127.0.0.1')])
        + service('d', p + 1, [('id', '=', 'd2'), ('bind', '=', '127.0.0.1')])}))
    add(case('edge-duplicate-other-bind', main_conf(), {
        'svc': service('d', p + 1, [('id', '=', 'd1'), ('bind', '=', '127.0.0.1')])
        + service('d', p + 1, [('id', '=', 'd2'), ('bind', '=', '::1')])}))
    add(case('edge-duplicate-same-id', main_conf(), {
        'svc': service('d', p + 1) + service('d', p + 2)}))
    add(case('edge-duplicate-id-across-files', main_conf(), {
        'a': service('d', p + 1), 'b': service('d', p + 2)}))
    add(case('edge-duplicate-tcp-udp', main_conf(), {
        'svc': service('d', p + 1, [('id', '=', 'd-stream')])
        + service('d', p + 1, [('id', '=', 'd-dgram')], socket_type='dgram')}))
    add(case('edge-debian-echo', main_conf(), {
        'echo': ('service echo\n{\n\tdisable = no\n\ttype = INTERNAL\n\tid = echo-stream\n'
                 '\tsocket_type = stream\n\tprotocol = tcp\n\tuser = root\n\twait = no\n}\n'
                 'service echo\n{\n\tdisable = no\n\ttype = INTERNAL\n\tid = echo-dgram\n'
                 '\tsocket_type = dgram\n\tprotocol = udp\n\tuser = root\n\twait = yes\n}\n'),
        'echo-udp': ('service echo\n{\n\tdisable = no\n\ttype = INTERNAL UNLISTED\n\tid = echo-dgram\n'
                     '\tsocket_type = dgram\n\tprotocol = udp\n\tuser = root\n\twait = yes\n'
                     '\tport = 7\n}\n')}))
    # listed services and ports
    listed = 'service telnet\n{\n\tsocket_type = stream\n\twait = no\n\tuser = root\n\tserver = %s\n%s}\n'
    add(case('edge-listed-port-ok', main_conf(), {'telnet': listed % (SERVER, '')}))
    add(case('edge-listed-port-match', main_conf(), {'telnet': listed % (SERVER, '\tport = 23\n')}))
    add(case('edge-listed-port-wrong', main_conf(), {'telnet': listed % (SERVER, '\tport = 2323\n')}))
    add(case('edge-unlisted-not-in-services', main_conf(), {
        'x': 'service nosuchsvc\n{\n\tsocket_type = stream\n\twait = no\n\tuser = root\n'
             '\tserver = %s\n}\n' % SERVER}))
    add(case('edge-unlisted-no-port', main_conf(), {
        'x': service('s1', p + 1, drop=('port',)) + service('s2', p + 2)}))
    # required attributes
    for attr in ('socket_type', 'wait', 'user', 'server'):
        add(case('edge-missing-%s' % attr, main_conf(), {
            'x': service('s1', p + 1, drop=(attr,)) + service('s2', p + 2)}))
    add(case('edge-protocol-only', main_conf(), {
        'x': service('s1', p + 1, [('protocol', '=', 'udp')], drop=('socket_type',))
        .replace('wait = no', 'wait = yes')}))
    add(case('edge-server-two-values', main_conf(), {
        'x': service('s1', p + 1, [('server', '=', '/bin/cat -u')]) + service('s2', p + 2)}))
    add(case('edge-server-args-empty', main_conf(), {
        'x': service('s1', p + 1, [('server_args', '=', '')]) + service('s2', p + 2)}))
    add(case('edge-traffic-without-redirect', main_conf(), {
        'x': service('s1', p + 1, [('log_on_success', '=', 'TRAFFIC')]) + service('s2', p + 2)}))
    add(case('edge-redirect', main_conf(), {
        'x': service('s1', p + 1, [('redirect', '=', '127.0.0.1 %d' % (p + 2))], drop=('server',))
        + service('s2', p + 2)}))
    add(case('edge-dgram-wait-no', main_conf(), {
        'x': service('s1', p + 1, [('wait', '=', 'no')], socket_type='dgram')}))
    add(case('edge-flags-ipv4-ipv6', main_conf(), {
        'x': service('s1', p + 1, [('flags', '=', 'IPv4 IPv6')])}))
    add(case('edge-unknown-attributes', main_conf(), {
        'x': service('s1', p + 1, [('banner_failure', '=', '/etc/issue'), ('rlimit_cpus', '=', '10'),
                                   ('mdns', '=', 'yes'), ('rlimit_files', '=', '10')])}))
    add(case('edge-disable-yes', main_conf(), {
        'x': service('s1', p + 1, [('disable', '=', 'yes')]) + service('s2', p + 2)}))
    add(case('edge-extra-tokens-after-name', main_conf(), {
        'x': service('s1', p + 1, header='service s1 extra tokens here')}))
    add(case('edge-empty-file', main_conf(), {'x': ''}))
    add(case('edge-only-comments', main_conf(), {'x': '# nothing\n   # here\n'}))
    add(case('edge-attribute-outside-block', main_conf(), {
        'x': 'port = 1\n' + service('s1', p + 1) + service('s2', p + 2)}))
    add(case('edge-nested-brace', main_conf(), {
        'x': service('s1', p + 1).replace('\twait', '{\n\twait', 1) + service('s2', p + 2)}))
    add(case('edge-attribute-no-value', main_conf(), {
        'x': service('s1', p + 1, [('instances', '=', '')]) + service('s2', p + 2)}))
    add(case('edge-attribute-no-operator', main_conf(), {
        'x': service('s1', p + 1, [('instances', None, None)]) + service('s2', p + 2)}))
    add(case('edge-nul-byte', main_conf(), {
        'x': service('s1', p + 1, [('server_args', '=', 'a\x00b')]) + service('s2', p + 2)}))
    add(case('edge-non-ascii', main_conf(), {
        'x': service('s1', p + 1, [('server_args', '=', u'caf\u00e9 \u00fc')]) + service('s2', p + 2)}))
    add(case('edge-no-services', main_conf(), {}))
    # a bad value disables the entry; does a later 'disable = no' undo that?
    add(case('edge-bad-value-then-disable-no', main_conf(), {
        'x': service('s1', p + 1, [('v6only', '=', 'maybe'), ('disable', '=', 'no')])
        + service('s2', p + 2, [('env', '=', 'NOEQUALS'), ('disable', '=', 'NO')])}))
    add(case('edge-disable-no-then-bad-value', main_conf(), {
        'x': service('s1', p + 1, [('disable', '=', 'no'), ('v6only', '=', 'maybe')])}))
    add(case('edge-bad-value-then-disable-yes', main_conf(), {
        'x': service('s1', p + 1, [('v6only', '=', 'maybe'), ('disable', '=', 'yes')])}))
    return cases


# (attribute, [values]) for service-level variants; each value is tried on
# its own.  Valid, subtly invalid and out-of-range values side by side.
SERVICE_VALUES = [
    ('socket_type', ['stream', 'dgram', 'raw', 'seqpacket', 'bogus', 'STREAM']),
    ('protocol', ['tcp', 'udp', 'bogusproto', 'TCP']),
    ('wait', ['yes', 'no', 'maybe', 'YES', '1']),
    ('user', ['root', 'nobody', '0', '65534', 'nosuchuser']),
    ('group', ['root', 'nogroup', '0', 'nosuchgroup']),
    ('server', ['/bin/cat', '/nonexistent/server', '/etc/passwd', 'cat', '/bin']),
    ('server_args', ['-u', '-u -v', '%s']),
    ('instances', ['10', 'UNLIMITED', '0', '-1', 'ten', '10x', 'unlimited']),
    ('per_source', ['5', 'UNLIMITED', '-3', 'abc']),
    ('cps', ['10 5', '10', 'a 5', '10 5 3', '0 0', '-1 5']),
    ('max_load', ['1.5', '0', '-1', 'abc', '2']),
    ('access_times', ['08:00-17:00', '8:5-9:7', '08:00-24:00', '25:00-26:00', '08:00-', 'always']),
    ('only_from', ['127.0.0.1', '10.0.0.0', '10.0.0.0/8', '::1', 'localhost', '1.2.3.4/40',
                   '128.138.{193,194}', 'a.b.c.d']),
    ('no_access', ['10.1.2.3', '::2', '10.0.0.0/8', 'bogus.invalid']),
    ('log_type', ['SYSLOG daemon', 'SYSLOG daemon info', 'SYSLOG authpriv warning',
                  'SYSLOG nosuchfacility', 'SYSLOG daemon nosuchlevel', 'FILE /tmp/xl.log',
                  'FILE /tmp/xl.log 10K 20K', 'FILE /tmp/xl.log 10M', 'FILE', 'BOGUS x']),
    ('log_on_success', ['PID HOST USERID EXIT DURATION', 'PID', 'BOGUS', 'pid host']),
    ('log_on_failure', ['HOST USERID ATTEMPT', 'HOST', 'RECORD', 'BOGUS']),
    ('flags', ['NORETRY', 'IPv4', 'IPv6', 'REUSE', 'KEEPALIVE NODELAY', 'BOGUSFLAG', 'ipv4',
               'NAMEINARGS', 'SENSOR', 'IDONLY']),
    ('type', ['UNLISTED', 'BOGUS', 'unlisted']),
    ('nice', ['10', '-5', 'abc', '50', '-50']),
    ('umask', ['022', '0777', '0778', '999', 'abc', '077']),
    ('deny_time', ['10', 'FOREVER', 'NEVER', 'abc']),
    ('groups', ['yes', 'no', 'maybe']),
    ('v6only', ['yes', 'no', 'maybe']),
    ('rlimit_as', ['10M', '1024K', 'UNLIMITED', 'abc', '10G']),
    ('rlimit_data', ['10M', 'UNLIMITED', 'x']),
    ('rlimit_rss', ['10M', 'UNLIMITED', 'x']),
    ('rlimit_stack', ['10M', 'UNLIMITED', 'x']),
    ('rlimit_cpu', ['10', 'UNLIMITED', 'abc']),
    ('env', ['A=b', 'A=b C=d', 'NOEQUALS', '=x']),
    ('passenv', ['PATH', 'PATH HOME', 'NOSUCHVAR']),
    ('bind', ['127.0.0.1', '0.0.0.0', '::', 'localhost']),
    ('interface', ['127.0.0.1']),
    ('banner', ['/etc/issue', '/nonexistent/banner']),
    ('banner_success', ['/etc/issue']),
    ('banner_fail', ['/etc/issue']),
    ('libwrap', ['svcname']),
    ('id', ['other-id', 'UPPER']),
    ('port', ['0', '70000', 'abc', '-1']),
    ('disable', ['no', 'yes', 'NO', 'maybe']),
    ('mdns', ['yes']),
    ('rpc_version', ['1', '1-3']),
    ('rpc_number', ['100000']),
    ('redirect', ['127.0.0.1 9', '127.0.0.1', 'nosuchhost.invalid 9']),
]

# defaults-capable attributes and values (any bad value is fatal there)
DEFAULTS_VALUES = [
    ('instances', ['10', 'UNLIMITED', 'x']),
    ('per_source', ['5', 'x']),
    ('cps', ['10 5', '10']),
    ('max_load', ['1.5', 'x']),
    ('only_from', ['127.0.0.1', 'nosuchhost.invalid']),
    ('no_access', ['10.0.0.1']),
    ('log_type', ['SYSLOG daemon info', 'FILE /tmp/xd.log', 'SYSLOG nosuchfacility']),
    ('log_on_success', ['PID HOST', 'BOGUS']),
    ('log_on_failure', ['HOST', 'BOGUS']),
    ('passenv', ['PATH']),
    ('bind', ['127.0.0.1', 'nosuchhost.invalid']),
    ('banner', ['/etc/issue']),
    ('umask', ['022', '999']),
    ('groups', ['yes', 'maybe']),
    ('v6only', ['no', 'maybe']),
    ('disabled', ['s2']),
    ('enabled', ['s1']),
    ('socket_type', ['stream']),
    ('nosuchattribute', ['1']),
]


def attribute_cases():
    """Each value of SERVICE_VALUES in a service (with an untouched sibling)
    and each value of DEFAULTS_VALUES in ``defaults``."""
    p = BASE_PORT
    cases = []
    for attr, values in SERVICE_VALUES:
        for i, value in enumerate(values):
            socket_type = 'dgram' if value in ('udp', 'dgram') else 'stream'
            attrs = [(attr, '=', value)]
            if attr == 'redirect':
                drop = ('server',)
            else:
                drop = ()
            item = case('attr-%s-%d' % (attr, i), main_conf(), {
                'svc': service('s1', p + 1, attrs, socket_type=socket_type, drop=drop)
                + service('s2', p + 2)})
            item['variants'] = {'s1': attrs}
            cases.append(item)
    for attr, values in DEFAULTS_VALUES:
        for i, value in enumerate(values):
            item = case('defaults-%s-%d' % (attr, i), main_conf([(attr, '=', value)]), {
                'svc': service('s1', p + 1) + service('s2', p + 2)})
            item['defaults'] = [(attr, '=', value)]
            cases.append(item)
    return cases


def _noise(rng, text):
    """Lexical variations xinetd treats the same (or not): keyword case, tabs."""
    choice = rng.randint(0, 5)
    if choice == 0:
        return text.replace('service ', 'SERVICE ')
    if choice == 1:
        return text.replace(' = ', '\t=\t')
    if choice == 2:
        return text.replace('\t', '    ')
    if choice == 3:
        return text.replace('\n}', '\n  }  ')
    return text


def random_cases(seed=20261127, count=150):
    """Seeded random services: each takes 0-3 (attribute, value) variants."""
    rng = random.Random(seed)
    pool = [(attr, value) for attr, values in SERVICE_VALUES for value in values
            if attr not in ('port', 'id', 'redirect', 'type')]
    ops = ['=', '=', '=', '=', '+=', '-=']
    cases = []
    for n in range(count):
        nservices = rng.randint(2, 5)
        files = {}
        variants = {}
        for s in range(nservices):
            k = rng.randint(0, 3)
            attrs = []
            for dummy in range(k):
                attr, value = rng.choice(pool)
                attrs.append((attr, rng.choice(ops), value))
            socket_type = 'dgram' if rng.random() < 0.2 else 'stream'
            variants['r%d' % s] = attrs
            text = service('r%d' % s, BASE_PORT + 1 + s, attrs, socket_type=socket_type)
            text = _noise(rng, text)
            fname = 'f%d' % rng.randint(0, 2)
            files[fname] = files.get(fname, '') + text
        defaults = []
        if rng.random() < 0.3:
            attr, values = rng.choice(DEFAULTS_VALUES)
            defaults.append((attr, '=', rng.choice(values)))
        item = case('random-%04d' % n, main_conf(defaults), files)
        item['variants'] = variants
        item['defaults'] = defaults
        cases.append(item)
    return cases


def all_cases(seed=20261127, count=150):
    return edge_cases() + attribute_cases() + random_cases(seed, count)


def write_cases(cases, root, mount_root):
    """Write cases under ``root`` as ``NNNN/...``; ``@DIR@`` becomes
    ``mount_root/NNNN`` (where the container sees them).  Returns
    {dirname: case name}."""
    import io
    import os
    names = {}
    for index, item in enumerate(cases):
        dirname = '%04d' % index
        names[dirname] = item['name']
        base = os.path.join(root, dirname)
        os.makedirs(os.path.join(base, 'xinetd.d'))
        for rel, text in item['files'].items():
            path = os.path.join(base, rel)
            if not os.path.isdir(os.path.dirname(path)):
                os.makedirs(os.path.dirname(path))
            text = text.replace('@DIR@', '%s/%s' % (mount_root, dirname))
            with io.open(path, 'wb') as handle:
                handle.write(text.encode('utf-8'))
    return names


def parse_dump(text):
    """xinetd's SIGUSR1 dump -> {id: {'name', 'port', 'state'}} of the services it holds."""
    import re
    services = {}
    if not text:
        return services
    for block in re.split(r'\nService = ', text)[1:]:
        name = block.split('\n', 1)[0].strip()
        if name == 'defaults':
            continue
        ident = re.search(r'\n\t\tid = (\S+)', block)
        port = re.search(r'\n\t\tport = (\d+)', block)
        state = re.search(r'\n\tState = (\S+)', block)
        services[ident.group(1) if ident else name] = {
            'name': name,
            'port': int(port.group(1)) if port else None,
            'state': state.group(1) if state else None,
        }
    return services


def compare(actual, predicted):
    """Differences between what xinetd did and what our code predicted.

    Returns a list of strings (empty when they agree): exit vs exit, set of
    active ids (case-insensitive), set of listening proto/port.
    """
    diffs = []
    if 'crash' in predicted:
        return ['our code raised: %s' % predicted['crash'].strip().splitlines()[-1]]
    if bool(actual['exited']) != bool(predicted['exits']):
        diffs.append('xinetd %s, predicted %s' % (
            'exited' if actual['exited'] else 'kept running',
            'exit' if predicted['exits'] else 'running'))
        return diffs
    if actual['exited']:
        return diffs
    real_ids = set(i.lower() for i in parse_dump(actual['dump']))
    pred_ids = set(i.lower() for i in predicted['active'])
    if real_ids != pred_ids:
        diffs.append('active ids: xinetd %s, predicted %s (missing %s, extra %s)' % (
            sorted(real_ids), sorted(pred_ids), sorted(real_ids - pred_ids),
            sorted(pred_ids - real_ids)))
    real_ports = set(actual['listening'])
    pred_ports = set(predicted['ports'])
    wild = set(p for p in pred_ports if p.endswith('/0'))
    pred_ports -= wild
    extra_real = real_ports - pred_ports
    # port = 0 makes the kernel choose: one unexplained port per such service
    if len(extra_real) <= len(wild) and all(
            any(x.startswith(w.split('/')[0] + '/') for w in wild) for x in extra_real):
        real_ports -= extra_real
    if real_ports != pred_ports:
        diffs.append('listening: xinetd %s, predicted %s' % (sorted(real_ports), sorted(pred_ports)))
    return diffs
