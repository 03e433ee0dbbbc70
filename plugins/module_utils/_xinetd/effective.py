# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What xinetd would load: includes, defaults merging, operators, problems.

Pure standard library; runs on Python 2.7 and 3.6+.

``load(main_path)`` reads the main file the way xinetd does (spec section 1):

* ``include FILE`` and ``includedir DIR`` are followed where they appear;
  ``includedir`` takes regular files in ``strcmp`` order and skips names
  that contain ``.`` or end in ``~``; a missing directory is reported and
  parsing goes on;
* a ``defaults`` entry (one per file, also in included files) is merged
  into the global defaults; there ``=`` on a list attribute acts as ``+=``;
* ``only_from``, ``no_access``, ``passenv``, ``banner*`` and the ``log_on_*``
  defaults are copied into each service when it is parsed (so a defaults
  entry after a service does not reach it); scalars, ``log_type`` and the
  ``log_on_*`` of services that set none are filled in after the whole parse;
* in a service, ``=`` replaces a list (inherited values too), ``+=`` adds,
  ``-=`` removes;
* ``disable = yes``, the ``disabled`` and ``enabled`` defaults, duplicate
  ids and port/protocol clashes, and ports that do not match
  ``/etc/services`` decide which entries are active.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import stat

from ansible_collections.sysv.services.plugins.module_utils._xinetd.model import (
    Block,
    Directive,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.parser import parse
from ansible_collections.sysv.services.plugins.module_utils._xinetd.attrs import ATTRIBUTES
from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import (
    PROTOCOL_SOCKET,
    SOCKET_PROTOCOL,
    access_times_kept,
    classify_address,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.rules import validate_block
from ansible_collections.sysv.services.plugins.module_utils._xinetd.host import (
    parse_protocols,
    parse_services,
)

# attributes copied from defaults when a service is parsed (parse.c)
COPIED_AT_PARSE = ('log_on_success', 'log_on_failure', 'only_from', 'no_access',
                   'passenv', 'banner', 'banner_success', 'banner_fail')
# attributes filled from defaults after the whole parse when unset (confparse.c)
FILLED_AFTER_PARSE = ('log_type', 'log_on_success', 'log_on_failure', 'instances',
                      'per_source', 'cps', 'bind', 'groups', 'umask', 'v6only',
                      'max_load')
# values compared case-insensitively in list operations
_ENUM_LISTS = ('log_on_success', 'log_on_failure')

# Findings xinetd accepts without a message that the collection refuses on
# purpose in the files a task writes: the value cannot mean what was written
# (an only_from prefix longer than /32 or /128).
REFUSED_CODES = ('long-prefix',)
REFUSED_WHY = " (the collection's policy: it refuses a value that cannot mean what it says)"

# a finding on a disabled entry of a judged file, checked as if enabled
_AS_ENABLED = ("%s (the entry has 'disable = yes', so xinetd does not load it now; the "
               "collection's policy refuses a disabled entry that xinetd would not serve once "
               "enabled, so that switching it on later works)")

# chkconfig's own skip list for /etc/xinetd.d (not xinetd's)
CHKCONFIG_SKIP_SUFFIXES = ('.rpmsave', '.rpmnew', '.rpmorig', '.swp', '~', ',')


def xinetd_skips(name):
    """includedir's rule: names containing '.' or ending in '~' are skipped."""
    return '.' in name or name.endswith('~')


def chkconfig_skips(name):
    """chkconfig --list's rule for /etc/xinetd.d entries."""
    return name.startswith('.') or name.endswith(CHKCONFIG_SKIP_SUFFIXES)


def _strcmp_key(name):
    if isinstance(name, bytes):
        return name
    return name.encode('utf-8', 'surrogateescape') if str is not bytes else name


def _default_reader(path):
    with open(path, 'rb') as f:
        data = f.read()
    try:
        return data.decode('utf-8') if str is not bytes else data
    except UnicodeDecodeError:
        return data.decode('latin-1')


def _default_isfile(path):
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


class Effective:
    """The result of :func:`load`.

    services: {id: {'name', 'id', 'file', 'lineno', 'attributes': {key: [values]},
                    'port', 'protocol', 'enabled': True}}  (what xinetd runs; a
              second active entry with an id already used is keyed 'id@file:lineno')
    inactive: [same dicts with 'enabled': False, 'state' ('disabled' or
               'dropped') and 'reason']  (entries xinetd parsed but does not run)
    defaults: {key: [values]}
    files:    files read, in order
    skipped:  files includedir skipped
    problems: [{'file', 'lineno', 'code', 'message', 'severity', 'effect',
                'service', 'attribute', 'value'}]
    exits:    True when xinetd would exit (an error in defaults)
    policy:   [same dicts as problems] what the collection refuses on purpose in
              the files ``load`` was asked to judge (``judged``), although
              xinetd would load them: a disabled entry that would not load
              once enabled, a server that is not a regular file.  Not part
              of ``to_dict`` (xinetd_info judges nothing).
    """

    def __init__(self):
        self.services = {}
        self.inactive = []
        self.defaults = {}
        self.files = []
        self.skipped = []
        self.problems = []
        self.policy = []
        self.exits = False

    def to_dict(self):
        return {
            'services': self.services,
            'inactive': self.inactive,
            'defaults': self.defaults,
            'files': self.files,
            'skipped': self.skipped,
            'problems': self.problems,
            'xinetd_exits': self.exits,
        }


class _Loader:

    def __init__(self, reader, listdir, isfile, services_db, host, judged=()):
        self.judged = frozenset(judged)
        self.probing = False        # judging a disabled entry as if enabled (policy)
        self.read = reader or _default_reader
        self.listdir = listdir or os.listdir
        self.isfile = isfile or _default_isfile
        self.services_db = services_db
        self.host = host
        self.eff = Effective()
        self.defaults = {}          # key -> [values] (merged, in order)
        self.defaults_set = set()   # scalar keys already set in defaults
        self.entries = []           # service records in parse order
        self.stack = []
        self.protocol_known = None  # name -> bool (getprotobyname), None: not checked

    # -- problems ---------------------------------------------------------
    def problem(self, severity, code, message, file=None, lineno=None, effect='none',
                service=None, attribute=None, value=None):
        finding = {
            'file': file, 'lineno': lineno, 'code': code, 'message': message,
            'severity': severity, 'effect': effect, 'service': service,
            'attribute': attribute, 'value': value,
        }
        if self.probing:
            if severity not in ('error', 'fatal'):
                return  # only what would stop xinetd from serving the entry matters here
            finding.update(severity='error', code='policy-' + code, effect='none',
                           message=_AS_ENABLED % message)
            self.eff.policy.append(finding)
            return
        self.eff.problems.append(finding)
        if effect == 'xinetd-exits':
            self.eff.exits = True

    def policy(self, code, message, rec, attribute=None, value=None):
        """A finding the collection refuses on purpose in a judged file (not xinetd's)."""
        if rec['file'] not in self.judged:
            return
        self.eff.policy.append({
            'file': rec['file'], 'lineno': rec['lineno'], 'code': 'policy-' + code,
            'message': 'service %s: %s' % (rec['name'], message), 'severity': 'error',
            'effect': 'none', 'service': rec['name'], 'attribute': attribute, 'value': value})

    def from_diag(self, d, path):
        self.problem(d.severity, d.code, d.message, path, d.lineno, d.effect,
                     d.service, d.attribute, d.value)
        if d.code in REFUSED_CODES and path in self.judged and not self.probing:
            # xinetd accepts it; the collection refuses it in the files a task writes
            self.eff.policy.append({
                'file': path, 'lineno': d.lineno, 'code': 'policy-' + d.code,
                'message': d.message + REFUSED_WHY, 'severity': 'error', 'effect': 'none',
                'service': d.service, 'attribute': d.attribute, 'value': d.value})

    # -- files --------------------------------------------------------------
    def load_file(self, path, via=None):
        if path in self.stack:
            self.problem('error', 'include-loop',
                         '%s includes itself (through %s): xinetd would recurse' % (path, via),
                         via, None, 'lines-lost')
            return
        try:
            text = self.read(path)
        except (IOError, OSError) as e:
            self.problem('error', 'unreadable-file',
                         'cannot read %s: %s' % (path, getattr(e, 'strerror', None) or e),
                         via or path, None, 'lines-lost', value=path)
            return
        self.eff.files.append(path)
        self.stack.append(path)
        doc, diags = parse(text, path)
        for d in diags:
            self.from_diag(d, path)
        for node in doc.nodes:
            if isinstance(node, Directive):
                self.directive(node, path)
            elif isinstance(node, Block):
                if node.dropped and (node.kind == 'service' or
                                     node.dropped == 'duplicate-defaults'):
                    # reported by the parser; listed among the inactive entries
                    if node.kind == 'service':
                        self.entries.append({
                            'name': node.name, 'id': node.name, 'file': path,
                            'lineno': node.lineno, 'attributes': {}, 'enabled': False,
                            'state': 'dropped', 'reason': node.dropped, '_lexical': True})
                    continue
                # a defaults entry that stopped at a lexical error still applies
                # the lines before it
                if node.kind == 'defaults':
                    self.defaults_block(node, path)
                else:
                    self.service_block(node, path)
        self.stack.pop()

    def _resolve(self, target, path):
        if not target.startswith('/'):
            self.problem('warning', 'relative-path',
                         '%s is relative: xinetd resolves it against its start directory '
                         'at first and against / after a reload; it is read here from /'
                         % target, path, None, 'none', value=target)
            return '/' + target
        return target

    def directive(self, node, path):
        target = self._resolve(node.path, path)
        if node.keyword == 'include':
            self.load_file(target, via=path)
            return
        try:
            names = list(self.listdir(target))
        except (IOError, OSError):
            self.problem('warning', 'includedir-missing',
                         'includedir %s: the directory cannot be read; xinetd logs it and '
                         'goes on' % target, path, node.lineno, 'none', value=target)
            return
        for name in sorted(names, key=_strcmp_key):
            full = target.rstrip('/') + '/' + name
            if xinetd_skips(name):
                self.eff.skipped.append(full)
                if not chkconfig_skips(name):
                    self.problem('warning', 'skipped-file',
                                 '%s is never loaded: includedir skips names that contain '
                                 "'.' or end in '~'" % full, full, None, 'lines-lost', value=name)
                    self.problem('info', 'chkconfig-lists-unloaded',
                                 'chkconfig --list shows %s as an xinetd service (its skip list '
                                 'differs), but xinetd never loads it' % name,
                                 full, None, 'none', value=name)
                else:
                    self.problem('info', 'skipped-file',
                                 '%s is never loaded: includedir skips names that contain '
                                 "'.' or end in '~'" % full, full, None, 'lines-lost', value=name)
                continue
            if not self.isfile(full):
                self.eff.skipped.append(full)
                self.problem('info', 'not-a-file',
                             '%s is not a regular file: includedir skips it' % full,
                             full, None, 'none', value=name)
                continue
            self.load_file(full, via=path)

    # -- defaults -------------------------------------------------------------
    def defaults_block(self, block, path):
        diags = validate_block(block)
        skip = set()
        lost_values = set()
        for d in diags:
            self.from_diag(d, path)
            if d.effect in ('line-ignored', 'xinetd-exits') or d.code == 'bad-value':
                skip.add(d.lineno)
            if d.effect == 'value-dropped':
                lost_values.add((d.lineno, d.value))
        for attr in block.attributes():
            if attr.lineno in skip:
                continue
            if lost_values:
                attr = type(attr)(attr.name, attr.op, [v for v in attr.values
                                                       if (attr.lineno, v) not in lost_values],
                                  attr.lineno)
            key = attr.key
            if key == 'interface':
                key = 'bind'
            spec = ATTRIBUTES.get(key)
            if spec is None:
                continue
            if spec.list_attr or key in ('enabled', 'disabled', 'log_type'):
                cur = self.defaults.setdefault(key, [])
                if key == 'log_type':
                    if cur:
                        if not any(p['code'] == 'duplicate-log-type' and p['lineno'] == attr.lineno
                                   and p['file'] == path for p in self.eff.problems):
                            self.problem('fatal', 'duplicate-log-type',
                                         'defaults: log_type is already set by an earlier '
                                         'defaults entry: xinetd 2.3.15 exits ("Cannot set more '
                                         'than one log_type attribute")', path, attr.lineno,
                                         'xinetd-exits', attribute=attr.name,
                                         value=' '.join(attr.values))
                        continue
                    cur.extend(attr.values)
                elif attr.op == '-=':
                    self.defaults[key] = _remove(key, cur, attr.values)
                else:
                    _add(key, cur, attr.values)
            else:
                resolve = getattr(self.host, 'resolve', None)
                if key == 'bind' and resolve is not None and \
                        classify_address(attr.values[0])[0] == 'hostname' and \
                        not resolve(attr.values[0]):
                    self.problem('fatal', 'unresolvable-host',
                                 'defaults: bind %s does not resolve: xinetd exits'
                                 % attr.values[0], path, attr.lineno, 'xinetd-exits',
                                 attribute=attr.name, value=attr.values[0])
                    continue
                if key in self.defaults_set:
                    # only possible across files: validate_block sees one block
                    self.problem('warning', 'duplicate-attribute',
                                 'defaults: %s is already set in an earlier defaults entry; '
                                 'the first value wins' % attr.name, path, attr.lineno,
                                 'line-ignored', attribute=attr.name, value=' '.join(attr.values))
                    continue
                self.defaults_set.add(key)
                self.defaults[key] = list(attr.values)

    # -- services -------------------------------------------------------------
    def service_block(self, block, path):
        rec = {
            'name': block.name, 'id': block.name, 'file': path, 'lineno': block.lineno,
            'attributes': {}, 'enabled': True, 'state': 'enabled', 'reason': None,
        }
        attrs = rec['attributes']
        for key in COPIED_AT_PARSE:
            if key in self.defaults:
                attrs[key] = list(self.defaults[key])
        specified = set()
        diags = validate_block(block, as_enabled=False)
        ignored = set()
        lost_values = set()
        kept_times = {}
        dropped = None
        if path in self.judged:
            self._judge_as_enabled(block, rec, diags)
        for d in diags:
            if d.code == 'address-in-both':
                continue  # judged on the merged lists below
            if d.code == 'unknown-protocol' and self.protocol_known is not None:
                continue  # judged against /etc/protocols in finish()
            self.from_diag(d, path)
            if d.effect == 'line-ignored':
                ignored.add(d.lineno)
            if d.attribute and d.attribute.lower() == 'access_times' and \
                    d.effect in ('value-dropped', 'connections-refused'):
                kept_times[d.lineno] = True
            elif d.effect == 'value-dropped':
                lost_values.add((d.lineno, d.value))
            if d.effect == 'service-dropped' and dropped is None:
                dropped = d.code
        for attr in block.attributes():
            if attr.lineno in ignored:
                continue
            key = attr.key
            if key == 'interface':
                key = 'bind'
            spec = ATTRIBUTES.get(key)
            if spec is None:
                continue
            if spec.list_attr:
                values = [v for v in attr.values if (attr.lineno, v) not in lost_values]
                if attr.op == '=':
                    attrs[key] = values
                elif attr.op == '+=':
                    cur = attrs.setdefault(key, [])
                    _add(key, cur, values)
                else:
                    attrs[key] = _remove(key, attrs.get(key, []), values)
                specified.add(key)
            elif key not in specified:
                if attr.lineno in kept_times:
                    attrs[key] = access_times_kept(attr.values)
                else:
                    attrs[key] = list(attr.values)
                specified.add(key)
            # xinetd stops reading at 'disable = yes'; the rest is still
            # collected so that the report shows what the entry declares
        if 'id' in attrs:
            rec['id'] = attrs['id'][0]
        rec['_specified'] = specified
        if dropped:
            rec['enabled'] = False
            rec['state'] = 'dropped'
            rec['reason'] = dropped
        elif (attrs.get('disable') or ['no'])[0].lower() == 'yes':
            rec['enabled'] = False
            rec['state'] = 'disabled'
            rec['reason'] = 'disable = yes'
        self.entries.append(rec)

    def _judge_as_enabled(self, block, rec, diags):
        """Policy: a disabled entry of a judged file must load once enabled.

        The rules xinetd applies to the entry as it is are in ``diags``; the
        ones it would apply once ``disable = yes`` is gone are the policy
        findings (the host checks follow in ``finish``).
        """
        seen = set((d.code, d.lineno, d.message) for d in diags)
        self.probing = True
        try:
            for d in validate_block(block, as_enabled=True):
                if (d.code, d.lineno, d.message) not in seen and d.severity in ('error', 'fatal'):
                    self.problem(d.severity, d.code, d.message, rec['file'], d.lineno,
                                 d.effect, block.name, d.attribute, d.value)
        finally:
            self.probing = False
        rec['_as_enabled'] = True

    # -- after the whole parse ------------------------------------------------
    def finish(self):
        eff = self.eff
        d = self.defaults
        eff.defaults = dict((k, list(v)) for k, v in d.items())
        enabled_ids = d.get('enabled')
        if enabled_ids is not None:
            enabled_ids = set(i.lower() for i in enabled_ids)
        disabled_ids = set(i.lower() for i in d.get('disabled') or [])
        active_by_port = {}
        active_ids = {}
        for rec in self.entries:
            if rec.get('_lexical'):
                rec['protocol'] = rec['port'] = None
                continue
            attrs = rec['attributes']
            for key in FILLED_AFTER_PARSE:
                if key in d and key not in attrs:
                    attrs[key] = list(d[key])
            socket_type = (attrs.get('socket_type') or [None])[0]
            protocol = (attrs.get('protocol') or [None])[0]
            if protocol is None and socket_type:
                protocol = SOCKET_PROTOCOL.get(socket_type.lower())
            if socket_type is None and protocol:
                attrs['socket_type'] = [PROTOCOL_SOCKET.get(protocol.lower(), '')]
            rec['protocol'] = protocol.lower() if protocol else None
            rec['port'] = None
            self._both_lists(rec)
            if rec['enabled'] and rec['id'].lower() in disabled_ids:
                self._deactivate(rec, 'disabled', "the defaults 'disabled' list names it")
            if rec['enabled'] and enabled_ids is not None and rec['id'].lower() not in enabled_ids:
                self._deactivate(rec, 'disabled', "the defaults 'enabled' list does not name it")
            if rec['enabled']:
                self._protocol(rec)
            if rec['enabled']:
                self._port(rec)
            if rec['enabled']:
                self._host(rec)
            if rec['enabled']:
                self._unique(rec, active_by_port, active_ids)
            elif rec.get('_as_enabled') and rec['reason'] == 'disable = yes':
                self._probe(rec)
        self._tcpmux()
        for rec in self.entries:
            rec.pop('_specified', None)
            rec.pop('_duplicate_id', None)
            rec.pop('_lexical', None)
            rec.pop('_as_enabled', None)
            if rec['enabled']:
                key = rec['id']
                if key in eff.services:
                    key = '%s@%s:%s' % (rec['id'], rec['file'], rec['lineno'])
                eff.services[key] = rec
            else:
                eff.inactive.append(rec)

    def _probe(self, rec):
        """Policy: the host checks of a disabled entry of a judged file, as if enabled."""
        saved = dict((k, rec[k]) for k in ('enabled', 'state', 'reason', 'port'))
        saved_attrs = dict((k, list(v)) for k, v in rec['attributes'].items())
        rec['enabled'] = True
        self.probing = True
        try:
            self._protocol(rec)
            if rec['enabled']:
                self._port(rec)
            if rec['enabled']:
                self._host(rec)
        finally:
            self.probing = False
            rec.update(saved)
            rec['attributes'] = saved_attrs

    def _protocol(self, rec):
        attrs = rec['attributes']
        if self.protocol_known is not None and 'protocol' in attrs and \
                not self.protocol_known(attrs['protocol'][0].lower()):
            self._drop(rec, 'unknown-protocol', 'protocol %s is not in /etc/protocols: xinetd '
                       'does not serve the service' % attrs['protocol'][0], 'protocol',
                       attrs['protocol'][0])

    def _deactivate(self, rec, state, reason):
        rec['enabled'] = False
        rec['state'] = state
        rec['reason'] = reason

    def _drop(self, rec, code, message, attribute=None, value=None, severity='error'):
        self.problem(severity, code, 'service %s: %s' % (rec['name'], message), rec['file'],
                     rec['lineno'], 'service-dropped', rec['name'], attribute, value)
        if self.probing:
            rec['enabled'] = False
            return
        self._deactivate(rec, 'dropped', code)

    def _both_lists(self, rec):
        attrs = rec['attributes']
        na = set(attrs.get('no_access') or [])
        for v in attrs.get('only_from') or []:
            if v in na:
                self.problem('warning', 'address-in-both',
                             'service %s: %s is in both only_from and no_access (inherited '
                             'values included): xinetd denies it' % (rec['name'], v),
                             rec['file'], rec['lineno'], 'none', rec['name'], 'no_access', v)

    def _lookup_port(self, name, protocol):
        db = self.services_db
        if db is None:
            return None
        if callable(db):
            return db(name, protocol)
        return db.get((name, protocol))

    def _port(self, rec):
        attrs = rec['attributes']
        types = [t.upper() for t in attrs.get('type') or []]
        port = (attrs.get('port') or [None])[0]
        if 'RPC' in types:
            return
        if 'TCPMUX' in types or 'TCPMUXPLUS' in types:
            return
        if port is not None:
            rec['port'] = int(port)
        if 'UNLISTED' in types or rec['protocol'] is None:
            return
        if self.services_db is None:
            return
        listed = self._lookup_port(rec['name'], rec['protocol'])
        if listed is None:
            self._drop(rec, 'not-in-services',
                       '%s/%s is not in /etc/services (add type = UNLISTED and a port)'
                       % (rec['name'], rec['protocol']), 'type')
            return
        if port is not None and int(port) != int(listed):
            self._drop(rec, 'port-mismatch',
                       '/etc/services says %s/%s is port %s, but port = %s'
                       % (rec['name'], rec['protocol'], listed, port), 'port', port)
            return
        rec['port'] = int(listed)

    def _host(self, rec):
        host = self.host
        if host is None:
            return
        attrs = rec['attributes']
        types = [t.upper() for t in attrs.get('type') or []]
        user = (attrs.get('user') or [None])[0]
        fn = getattr(host, 'user_exists', None)
        if user and not user.isdigit() and fn is not None and not fn(user):
            self._drop(rec, 'unknown-user', 'user %s does not exist: xinetd does not serve the '
                       'service' % user, 'user', user)
            return
        group = (attrs.get('group') or [None])[0]
        fn = getattr(host, 'group_exists', None)
        if group and not group.isdigit() and fn is not None and not fn(group):
            self._drop(rec, 'unknown-group', 'group %s does not exist: xinetd does not serve the '
                       'service' % group, 'group', group)
            return
        server = (attrs.get('server') or [None])[0]
        fn = getattr(host, 'executable_problem', None)
        if server and fn is not None and 'INTERNAL' not in types and 'redirect' not in attrs:
            why = fn(server)
            if why == 'is not a regular file':
                # xinetd only checks access(X_OK): it loads the entry, exec fails later
                self.problem('warning', 'server-not-a-file',
                             'service %s: server %s is not a regular file: xinetd loads the '
                             'service and listens, but every connection fails when it runs '
                             'the server' % (rec['name'], server),
                             rec['file'], rec['lineno'], 'none', rec['name'], 'server', server)
                self.policy('server-not-a-file',
                            'server %s is not a regular file: xinetd serves the entry (it only '
                            'checks access(X_OK)) and every connection fails; the collection '
                            'refuses it on purpose (its policy: a server that cannot start)'
                            % server, rec, 'server', server)
            elif why:
                self._drop(rec, 'server-not-executable', 'server %s %s: xinetd does not serve '
                           'the service' % (server, why), 'server', server)
                return
        fn = getattr(host, 'resolve', None)
        if fn is not None:
            bind = (attrs.get('bind') or [None])[0]
            if bind and classify_address(bind)[0] == 'hostname' and not fn(bind):
                self._drop(rec, 'unresolvable-host', 'bind %s does not resolve: xinetd does not '
                           'serve the service' % bind, 'bind', bind)
                return
        fn = getattr(host, 'bind_problem', None)
        bind = (attrs.get('bind') or [None])[0]
        if bind and fn is not None:
            why = fn(bind)
            if why:
                self._drop(rec, 'bind-failed', 'bind %s %s: bind() fails (EADDRNOTAVAIL), '
                           'xinetd logs "bind failed" and does not serve the service'
                           % (bind, why), 'bind', bind)
                return
        fn = getattr(host, 'resolve', None)
        if fn is not None:
            redirect = attrs.get('redirect')
            if redirect and classify_address(redirect[0])[0] == 'hostname' and \
                    not fn(redirect[0]):
                self._drop(rec, 'unresolvable-host', 'redirect host %s does not resolve: xinetd '
                           'does not serve the service' % redirect[0], 'redirect', redirect[0])
                return
            for key in ('only_from', 'no_access'):
                kept = []
                for v in attrs.get(key) or []:
                    kind, _e = classify_address(v)
                    if kind == 'hostname' and not fn(v):
                        self.problem('error', 'unresolvable-host',
                                     'service %s: %s value %s does not resolve: xinetd drops it%s'
                                     % (rec['name'], key, v,
                                        ' (an only_from left empty denies everyone)'
                                        if key == 'only_from' else ''),
                                     rec['file'], rec['lineno'],
                                     'value-dropped', rec['name'], key, v)
                        continue
                    kept.append(v)
                if key in attrs:
                    if key == 'only_from' and attrs[key] and not kept:
                        self.problem('error', 'only-from-empty',
                                     'service %s: every only_from value was dropped, so '
                                     'xinetd denies everyone' % rec['name'], rec['file'],
                                     rec['lineno'], 'none', rec['name'], 'only_from')
                    attrs[key] = kept

    def _unique(self, rec, active_by_port, active_ids):
        """Duplicate ids; same port and protocol (confparse.c, [T]).

        ``active_ids`` (lower-case id -> first active entry) and
        ``active_by_port`` ((port, protocol) -> active entries) grow as the
        entries are judged in parse order, so loading stays linear.
        """
        other = active_ids.get(rec['id'].lower())
        if other is not None:
            self.problem('warning', 'duplicate-id',
                         'service %s: id %s is already used by the entry at %s:%s; '
                         'xinetd keeps both only if they do not clash on port and address'
                         % (rec['name'], rec['id'], other['file'], other['lineno']),
                         rec['file'], rec['lineno'], 'none', rec['name'], 'id', rec['id'])
            rec['_duplicate_id'] = True
        if rec['port'] is not None and not self._port_free(rec, active_by_port):
            return
        active_ids.setdefault(rec['id'].lower(), rec)

    def _port_free(self, rec, active_by_port):
        key = (rec['port'], rec['protocol'])
        bind = (rec['attributes'].get('bind') or [None])[0]
        for other in active_by_port.get(key, []):
            obind = (other['attributes'].get('bind') or [None])[0]
            where = '%s:%s' % (other['file'], other['lineno'])
            if bind is not None and obind is not None:
                if bind == obind:
                    self._drop(rec, 'duplicate-port',
                               'port %s/%s on %s is already taken by %s (%s): xinetd rejects '
                               'the later entry as not unique'
                               % (key[0], key[1], bind, other['id'], where), 'port', str(key[0]))
                    return False
                continue
            self._drop(rec, 'port-in-use',
                       'port %s/%s is also used by %s (%s) without a bind on both: the later '
                       'entry loads, but bind() fails with EADDRINUSE and xinetd deactivates it'
                       % (key[0], key[1], other['id'], where), 'port', str(key[0]))
            return False
        active_by_port.setdefault(key, []).append(rec)
        return True

    def _tcpmux(self):
        users = [r for r in self.entries if r['enabled'] and
                 any(t.upper() in ('TCPMUX', 'TCPMUXPLUS')
                     for t in r['attributes'].get('type') or [])]
        if not users:
            return
        has_server = any(r['enabled'] and r['name'].lower() == 'tcpmux' and
                         'INTERNAL' in [t.upper() for t in r['attributes'].get('type') or []]
                         for r in self.entries)
        if not has_server:
            for r in users:
                self._drop(r, 'tcpmux-missing',
                           'a TCPMUX service needs an active INTERNAL tcpmux entry', 'type')


def _add(key, cur, values):
    for v in values:
        if key in _ENUM_LISTS:
            if v.upper() not in [c.upper() for c in cur]:
                cur.append(v.upper())
        elif v not in cur:
            cur.append(v)


def _remove(key, cur, values):
    if key in _ENUM_LISTS:
        gone = set(v.upper() for v in values)
        return [c for c in cur if c.upper() not in gone]
    gone = set(values)
    return [c for c in cur if c not in gone]


def load(main_path='/etc/xinetd.conf', reader=None, listdir=None, isfile=None,
         services_db=None, host=None, services_file='/etc/services',
         protocols_db=None, protocols_file='/etc/protocols', judged=()):
    """Load the configuration xinetd would read from ``main_path``.

    reader(path) -> text, listdir(path) -> names and isfile(path) -> bool
    are injectable (tests use fixtures).  services_db is a mapping
    {(name, protocol): port} or a callable (name, protocol) -> port | None;
    else host.service_port (a hook) is used, else ``services_file`` is read
    (through reader) and parsed; pass services_file=None to skip the
    /etc/services checks.  protocols_db (a set of names), else
    host.protocol_exists, else protocols_file (default /etc/protocols, None
    to skip) say which ``protocol`` values getprotobyname() knows.  host: optional object
    with user_exists / group_exists / executable_problem / resolve /
    bind_problem.  judged: files a module is about to write; for them the
    collection's own stricter rules are added to ``Effective.policy``.
    """
    if services_db is None:
        services_db = getattr(host, 'service_port', None)
    if services_db is None and services_file:
        try:
            services_db = parse_services((reader or _default_reader)(services_file))
        except (IOError, OSError):
            services_db = None
    protocol_known = getattr(host, 'protocol_exists', None)
    if protocols_db is None and protocol_known is None and protocols_file:
        try:
            protocols_db = parse_protocols((reader or _default_reader)(protocols_file))
        except (IOError, OSError):
            protocols_db = None
    if protocols_db:
        protocol_known = protocols_db.__contains__
    loader = _Loader(reader, listdir, isfile, services_db, host, judged)
    loader.protocol_known = protocol_known
    loader.load_file(main_path)
    loader.finish()
    return loader.eff
