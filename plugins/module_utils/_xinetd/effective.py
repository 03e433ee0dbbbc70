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

from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import (
    PROTOCOL_SOCKET,
    SOCKET_PROTOCOL,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.entry_checks import EntryChecks
from ansible_collections.sysv.services.plugins.module_utils._xinetd.host import (
    parse_protocols,
    parse_services,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.merge import EntryMerger
from ansible_collections.sysv.services.plugins.module_utils._xinetd.model import (
    Block,
    Diagnostic,
    Directive,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.parser import parse

# attributes filled from defaults after the whole parse when unset (confparse.c)
FILLED_AFTER_PARSE = ('log_type', 'log_on_success', 'log_on_failure', 'instances',
                      'per_source', 'cps', 'bind', 'groups', 'umask', 'v6only',
                      'max_load')

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
    problems: [Diagnostic] what xinetd does (``file`` set; ``to_dict`` gives each
              as a dict: file, lineno, code, message, severity, effect,
              service, attribute, value)
    exits:    True when xinetd would exit (an error in defaults)
    policy:   [Diagnostic] what the collection refuses on purpose in
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
            'problems': [problem.to_dict() for problem in self.problems],
            'xinetd_exits': self.exits,
        }


class _Loader(EntryMerger, EntryChecks):

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

    # -- findings ---------------------------------------------------------
    def problem(self, severity, code, message, file=None, lineno=None, effect='none',
                service=None, attribute=None, value=None):
        finding = Diagnostic(severity, code, message, lineno=lineno, service=service,
                             attribute=attribute, value=value, effect=effect, file=file)
        if self.probing:
            if severity not in ('error', 'fatal'):
                return  # only what would stop xinetd from serving the entry matters here
            finding.severity = 'error'
            finding.code = 'policy-' + code
            finding.effect = 'none'
            finding.message = _AS_ENABLED % message
            self.eff.policy.append(finding)
            return
        self.eff.problems.append(finding)
        if effect == 'xinetd-exits':
            self.eff.exits = True

    def policy(self, code, message, rec, attribute=None, value=None):
        """A finding the collection refuses on purpose in a judged file (not xinetd's)."""
        if rec['file'] not in self.judged:
            return
        self.eff.policy.append(Diagnostic(
            'error', 'policy-' + code, 'service %s: %s' % (rec['name'], message),
            lineno=rec['lineno'], service=rec['name'], attribute=attribute, value=value,
            effect='none', file=rec['file']))

    def from_diag(self, diag, path):
        """A finding of the parser or the per-file rules, as a finding of ``path``."""
        self.problem(diag.severity, diag.code, diag.message, path, diag.lineno, diag.effect,
                     diag.service, diag.attribute, diag.value)
        if diag.code in REFUSED_CODES and path in self.judged and not self.probing:
            # xinetd accepts it; the collection refuses it in the files a task writes
            self.eff.policy.append(Diagnostic(
                'error', 'policy-' + diag.code, diag.message + REFUSED_WHY, lineno=diag.lineno,
                service=diag.service, attribute=diag.attribute, value=diag.value,
                effect='none', file=path))

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

    # -- after the whole parse ------------------------------------------------
    def finish(self):
        defaults = self.defaults
        self.eff.defaults = dict((k, list(v)) for k, v in defaults.items())
        enabled_ids = defaults.get('enabled')
        if enabled_ids is not None:
            enabled_ids = set(i.lower() for i in enabled_ids)
        disabled_ids = set(i.lower() for i in defaults.get('disabled') or [])
        active_by_port = {}
        active_ids = {}
        for rec in self.entries:
            if rec.get('_lexical'):
                rec['protocol'] = rec['port'] = None
                continue
            self._fill_from_defaults(rec)
            self._both_lists(rec)
            if rec['enabled'] and rec['id'].lower() in disabled_ids:
                self._deactivate(rec, 'disabled', "the defaults 'disabled' list names it")
            if rec['enabled'] and enabled_ids is not None and rec['id'].lower() not in enabled_ids:
                self._deactivate(rec, 'disabled', "the defaults 'enabled' list does not name it")
            self._judge_entry(rec, active_by_port, active_ids)
        self._tcpmux()
        self._publish()

    def _fill_from_defaults(self, rec):
        """Scalars and lists a service did not set, from defaults; its protocol."""
        attrs = rec['attributes']
        for key in FILLED_AFTER_PARSE:
            if key in self.defaults and key not in attrs:
                attrs[key] = list(self.defaults[key])
        socket_type = (attrs.get('socket_type') or [None])[0]
        protocol = (attrs.get('protocol') or [None])[0]
        if protocol is None and socket_type:
            protocol = SOCKET_PROTOCOL.get(socket_type.lower())
        if socket_type is None and protocol:
            attrs['socket_type'] = [PROTOCOL_SOCKET.get(protocol.lower(), '')]
        rec['protocol'] = protocol.lower() if protocol else None
        rec['port'] = None

    def _judge_entry(self, rec, active_by_port, active_ids):
        """The checks after the parse, until one deactivates the entry."""
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

    def _publish(self):
        """Active entries by id (a second one as 'id@file:lineno'), the others in order."""
        eff = self.eff
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
