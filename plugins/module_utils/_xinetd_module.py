# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared glue of the xinetd_service, xinetd_config and xinetd_info modules.

Argument specs (also used by the action plugins on the controller to type
the options before rendering), service name rules, validation of the final
text, the effective view of a change before it is written, and the
converge step (diff, check mode, atomic writes, transactional reload).

Runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import difflib
import errno
import os

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.sysv.services.plugins.module_utils import _fileops
from ansible_collections.sysv.services.plugins.module_utils import _xinetd_daemon
from ansible_collections.sysv.services.plugins.module_utils import _xinetd_host
from ansible_collections.sysv.services.plugins.module_utils._xinetd_attrs import (
    DEFAULTS_OPTIONS,
    SERVICE_OPTIONS,
    check_text,
    is_blocking,
    options_to_attributes,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd_conf import (
    format_attribute,
    parse,
    render,
    render_service,
    Block,
    Document,
    Directive,
    Attribute,
    Blank,
    Comment,
)
from ansible_collections.sysv.services.plugins.module_utils import _xinetd_effective


HOST_CHECKS = ('server', 'user', 'group', 'port', 'protocol', 'hosts')

SERVICE_HEADER = 'Managed by sysv.services.xinetd_service; local changes are overwritten.'
CONFIG_HEADER = 'Managed by sysv.services.xinetd_config; local changes are overwritten.'

COMMON_OPTIONS = dict(
    backup=dict(type='bool', default=False),
    mode=dict(type='raw', default='0644'),
    owner=dict(type='str', default='root'),
    file_group=dict(type='str', default='root'),
    reload=dict(type='bool', default=True),
    xinetd_state=dict(type='str', choices=['started', 'unchanged'], default='unchanged'),
    reload_timeout=dict(type='int', default=10),
    host_checks=dict(type='list', elements='str', choices=list(HOST_CHECKS),
                     default=list(HOST_CHECKS)),
    services_file=dict(type='path', default='/etc/services'),
    pidfile=dict(type='path'),
)


def _no_secrets(options):
    # passenv holds variable names, not values
    if 'passenv' in options:
        options['passenv']['no_log'] = False
    return options


def _service_entry_options():
    options = _no_secrets(copy.deepcopy(SERVICE_OPTIONS))
    options['enabled'] = dict(type='bool', default=True)
    options['state'] = dict(type='str', choices=['present', 'absent'], default='present')
    return options


def service_argument_spec():
    """Argument spec of xinetd_service."""
    spec = _service_entry_options()
    spec.update(copy.deepcopy(COMMON_OPTIONS))
    spec.update(
        name=dict(type='str', required=True),
        config_dir=dict(type='path', default='/etc/xinetd.d'),
        main_config=dict(type='path', default='/etc/xinetd.conf'),
        src=dict(type='path'),
    )
    return spec


def service_entry_spec():
    """Spec of one value of xinetd_config's ``services`` mapping."""
    spec = _service_entry_options()
    spec['src'] = dict(type='path')
    return spec


def config_argument_spec():
    """Argument spec of xinetd_config."""
    spec = copy.deepcopy(COMMON_OPTIONS)
    spec.update(
        path=dict(type='path', default='/etc/xinetd.conf'),
        defaults=dict(type='dict', options=_no_secrets(copy.deepcopy(DEFAULTS_OPTIONS))),
        includedir=dict(type='path', default='/etc/xinetd.d'),
        services=dict(type='dict'),
        purge=dict(type='str', choices=['false', 'true', 'disable'], default='false'),
    )
    return spec


# Keys the action plugins add to the module arguments (rendered texts); not
# options: see _internal_args.
SERVICE_INTERNAL = ('_content',)
CONFIG_INTERNAL = ('_services',)


def normalize_purge(value):
    """``purge`` accepts booleans and the word ``disable``."""
    text = str(value).lower()
    if text in ('true', 'yes', 'on', '1'):
        return 'true'
    if text in ('false', 'no', 'off', '0', 'none', ''):
        return 'false'
    return text


# -- names -------------------------------------------------------------------

def service_name_problem(name):
    """Why ``name`` cannot be a file xinetd's includedir loads, or ``None``."""
    if not name:
        return 'is empty'
    if '/' in name:
        return "contains '/' (it must be a plain file name)"
    if name in ('.', '..'):
        return 'is not a file name'
    if '.' in name:
        return "contains '.', so xinetd's includedir would skip the file"
    if name.endswith('~'):
        return "ends in '~', so xinetd's includedir would skip the file"
    for ch in name:
        if ch in (' ', '\t', '{', '}', '#') or ord(ch) < 32 or ord(ch) == 127:
            return 'contains whitespace, a brace, a # or a control character'
    return None


# -- host checks ---------------------------------------------------------------

class HostHooks(object):
    """The hooks ``_xinetd_attrs.validate_document`` calls, for the checks asked for.

    A hook that is absent is skipped by the validator, so a check that is
    switched off is simply not defined here.
    """

    def __init__(self, host, checks):
        checks = set(checks)
        self._host = host
        if 'user' in checks:
            self.user_exists = host.user_exists
        if 'group' in checks:
            self.group_exists = host.group_exists
        if 'server' in checks:
            self.executable_problem = host.executable_problem
        if 'port' in checks:
            self.service_port = host.service_port
        if 'protocol' in checks:
            self.protocol_exists = host.protocol_exists
        if 'hosts' in checks:
            self.resolve = host.resolve


def make_host(params):
    host = _xinetd_host.Host(services_file=params.get('services_file'))
    return host, HostHooks(host, params.get('host_checks') or ())


# -- rendering -------------------------------------------------------------------

def service_options(params):
    """The typed xinetd options of ``params`` (None values left out)."""
    return dict((key, params.get(key)) for key in SERVICE_OPTIONS if params.get(key) is not None)


def render_service_text(name, params):
    """Canonical text of one service from typed options (raises OptionError)."""
    attributes = options_to_attributes(service_options(params))
    return render_service(name, attributes, header_comments=[SERVICE_HEADER])


def attribute_lines(attributes):
    return [format_attribute(n, op, values) for n, op, values in attributes]


def render_config_text(defaults, includedir):
    """Canonical /etc/xinetd.conf text (raises OptionError)."""
    attributes = options_to_attributes(dict((k, v) for k, v in (defaults or {}).items()
                                            if v is not None), context='defaults')
    nodes = [Comment('# ' + CONFIG_HEADER), Block('defaults', items=[
        Attribute(n, op, list(values)) for n, op, values in attributes]), Blank()]
    if includedir:
        nodes.append(Directive('includedir', includedir))
    return render(Document(nodes))


# -- validation --------------------------------------------------------------------

def _diag_text(diag, path):
    text = diag.message
    if diag.lineno:
        text = '%s line %s: %s' % (path, diag.lineno, text)
    else:
        text = '%s: %s' % (path, text)
    return text


# Findings xinetd accepts without a message that the collection refuses on
# purpose: the value cannot mean what was written.
REFUSED_CODES = ('long-prefix',)
REFUSED_WHY = ' (sysv.services refuses a value that cannot mean what it says)'


def _refused(diag):
    return diag.code in REFUSED_CODES


def validate_service_text(text, name, path, hooks):
    """Return ``(errors, warnings)`` (lists of strings) for a service file."""
    errors = []
    if not text.endswith('\n'):
        text_for_check = text + '\n'
    else:
        text_for_check = text
    doc, diags = check_text(text_for_check, host=None, filename=path)
    enabled_somewhere = False
    names = []
    for block in doc.services():
        names.append(block.name)
        disable = block.get('disable')
        if disable is None or not disable.values or disable.values[0].lower() != 'yes':
            enabled_somewhere = True
    if hooks is not None and enabled_somewhere:
        doc, diags = check_text(text_for_check, host=hooks, filename=path)
    warnings = []
    for diag in diags:
        if is_blocking(diag):
            errors.append(_diag_text(diag, path))
        elif _refused(diag):
            errors.append(_diag_text(diag, path) + REFUSED_WHY)
        elif diag.severity == 'warning':
            warnings.append(_diag_text(diag, path))
    if name not in names:
        errors.append('%s: the file holds no "service %s" entry (it holds: %s); a service file '
                      'must define the service it is named after'
                      % (path, name, ', '.join(names) or 'no service'))
    others = sorted(set(n for n in names if n != name))
    if others:
        errors.append('%s: the file also defines service %s; one file holds one service name '
                      '(several ids of it are fine)' % (path, ', '.join(others)))
    if doc.defaults():
        errors.append('%s: a defaults entry in a service file would change every service; '
                      'use xinetd_config' % path)
    if doc.directives():
        errors.append('%s: include/includedir directives are not allowed in a service file' % path)
    return errors, warnings


def validate_config_text(text, path):
    """Return ``(errors, warnings)`` for the main configuration file."""
    doc, diags = check_text(text if text.endswith('\n') else text + '\n', filename=path)
    errors = [_diag_text(d, path) for d in diags if is_blocking(d)]
    errors.extend(_diag_text(d, path) + REFUSED_WHY for d in diags if _refused(d) and not is_blocking(d))
    warnings = [_diag_text(d, path) for d in diags if d.severity == 'warning' and not _refused(d)]
    if doc.services():
        errors.append('%s: service entries belong in the include directory, not in %s'
                      % (path, path))
    return errors, warnings


# -- effective view with pending changes --------------------------------------------

class Overlay(object):
    """File system view with pending changes (``{path: text or None}``)."""

    def __init__(self, changes):
        self.changes = dict(changes)

    def read(self, path):
        if path in self.changes:
            if self.changes[path] is None:
                raise IOError(errno.ENOENT, 'No such file', path)
            return self.changes[path]
        return _xinetd_effective._default_reader(path)

    def listdir(self, directory):
        try:
            names = set(os.listdir(directory))
        except OSError:
            if not any(os.path.dirname(p) == directory.rstrip('/') for p in self.changes):
                raise
            names = set()
        for path, text in self.changes.items():
            if os.path.dirname(path) == directory.rstrip('/'):
                if text is None:
                    names.discard(os.path.basename(path))
                else:
                    names.add(os.path.basename(path))
        return sorted(names)

    def isfile(self, path):
        if path in self.changes:
            return self.changes[path] is not None
        return _xinetd_effective._default_isfile(path)


def effective(main_path, changes, services_file, hooks=None):
    """``_xinetd_effective.load`` as it will be once ``changes`` are written."""
    overlay = Overlay(changes)
    if main_path not in overlay.changes and not os.path.exists(main_path):
        return None
    return _xinetd_effective.load(main_path, reader=overlay.read, listdir=overlay.listdir,
                                  isfile=overlay.isfile, services_file=services_file, host=hooks)


BLOCKING_EFFECTS = ('service-dropped', 'xinetd-exits', 'lines-lost')


def cross_file_problems(eff, paths):
    """Problems of the whole configuration that the files in ``paths`` cause.

    What no single file shows: two entries on one port (xinetd deactivates
    one), a duplicate id, a defaults value that makes xinetd exit on this
    host.  A problem counts when it is in one of ``paths`` or names one of
    them (``... also used by telnet (/etc/xinetd.d/telnet:2)``).
    """
    if eff is None:
        return []
    out = []
    for problem in eff.problems:
        if problem.get('severity') not in ('error', 'fatal'):
            continue
        if problem.get('effect') not in BLOCKING_EFFECTS:
            continue
        message = problem.get('message') or ''
        if problem.get('file') in paths or any(path + ':' in message for path in paths):
            where = problem.get('file') or ''
            if problem.get('lineno'):
                where = '%s line %s' % (where, problem['lineno'])
            out.append('%s: %s' % (where, message))
    return out


def expected_ports(eff, paths, host, texts):
    """``(service, protocol, port)`` that must listen once ``paths`` are live."""
    out = []
    if eff is not None:
        for key in sorted(eff.services):
            entry = eff.services[key]
            if entry.get('file') in paths and entry.get('enabled') and entry.get('port'):
                out.append((entry.get('id') or key, entry.get('protocol'), entry.get('port')))
        return out
    # No main configuration to follow: read the blocks of the files themselves.
    for path in paths:
        text = texts.get(path)
        if not text:
            continue
        doc, dummy = check_text(text)
        for block in doc.services():
            attrs = dict((a.key, a.values) for a in reversed(block.attributes()))
            if (attrs.get('disable') or ['no'])[0].lower() == 'yes':
                continue
            port = _xinetd_host.service_port(host, block.name, attrs)
            proto = _xinetd_host.service_protocol(attrs)
            if port and proto:
                out.append(((attrs.get('id') or [block.name])[0], proto, port))
    return out


def file_services(eff, path):
    """The effective entries xinetd would load from ``path`` (active and inactive)."""
    if eff is None:
        return []
    out = [dict(v) for v in eff.services.values() if v.get('file') == path]
    out.extend(dict(v) for v in eff.inactive if v.get('file') == path)
    out.sort(key=lambda v: (v.get('lineno') or 0))
    return out


# -- converge ---------------------------------------------------------------------

def make_daemon(params):
    if params.get('pidfile'):
        return _xinetd_daemon.Daemon(pidfiles=(params['pidfile'],), scan=False,
                                     timeout=params.get('reload_timeout') or 10)
    return _xinetd_daemon.Daemon(timeout=params.get('reload_timeout') or 10)


def plan_file(path, content, params):
    """What writing ``content`` (None: remove) to ``path`` means.

    Returns a dict: path, content, before, changed, diff.
    """
    data = _fileops.read_bytes(path)
    before = None if data is None else data.decode('utf-8', 'replace')
    if content is None:
        changed = before is not None
    else:
        changed = before != content
        if not changed:
            try:
                changed = _fileops.attributes_differ(path, params.get('mode'), params.get('owner'),
                                                     params.get('file_group'))
            except ValueError:
                changed = True
    diff = dict(before_header=path, after_header=path,
                before=before or '', after=content or '')
    return dict(path=path, content=content, before=before, changed=changed, diff=diff)


def converge(module, plans, main_path, host, extra_result=None, hooks=None):
    """Apply ``plans`` (from plan_file) in one transaction.

    Fails the module, before anything is written, when the configuration as
    a whole would make xinetd drop a service of these files or exit.
    """
    params = module.params
    result = dict(changed=False, reloaded=False, rolled_back=False, backup_file=None,
                  backup_files={}, xinetd_pid=None)
    if extra_result:
        result.update(extra_result)
    changes = [p for p in plans if p['changed']]
    if module._diff:
        result['diff'] = [p['diff'] for p in plans if p['changed']]
    daemon = make_daemon(params)
    start = params.get('xinetd_state') == 'started'
    paths = [p['path'] for p in plans]
    texts = dict((p['path'], p['content']) for p in plans)
    eff = effective(main_path, texts, params.get('services_file'), hooks)
    written = set(p['path'] for p in plans if p['content'] is not None)
    problems = cross_file_problems(eff, written)
    if problems:
        fail = dict(result)
        fail.pop('diff', None)
        # a 'path' key makes fail_json add the file's uid, gid, mode and size
        fail.pop('path', None)
        module.fail_json(msg='; '.join(problems), errors=problems, changed=False, **dict(
            (k, v) for k, v in fail.items() if k != 'changed'))

    if module.check_mode:
        pid = daemon.find()
        result['xinetd_pid'] = pid
        result['changed'] = bool(changes) or (start and pid is None)
        return result, eff

    if params.get('mode') is not None:
        try:
            _fileops.parse_mode(params.get('mode'))
        except ValueError as exc:
            module.fail_json(msg='mode: %s' % exc)

    backups = {}

    def write():
        for plan in changes:
            if plan['content'] is None:
                dummy, backup = _fileops.remove(plan['path'], backup=params.get('backup'))
            else:
                backup = _fileops.atomic_write(plan['path'], plan['content'], mode=params.get('mode'),
                                               owner=params.get('owner'),
                                               group=params.get('file_group'),
                                               backup=params.get('backup'))
            if backup:
                backups[plan['path']] = backup
        return bool(changes)

    def expected():
        live = effective(main_path, {}, params.get('services_file'))
        return expected_ports(live, set(paths), host, texts)

    outcome = _xinetd_daemon.apply(daemon, [p['path'] for p in changes], write,
                                   expected=expected, reload=params.get('reload'), start=start)
    result['backup_files'] = backups
    if backups:
        result['backup_file'] = backups.get(paths[0]) or sorted(backups.values())[0]
    result.update(changed=outcome['changed'] or outcome['started'], reloaded=outcome['reloaded'],
                  rolled_back=outcome['rolled_back'], xinetd_pid=outcome['pid'],
                  xinetd_started=outcome['started'], reload_method=outcome['method'])
    if outcome['failed']:
        if outcome['rolled_back']:
            result['changed'] = False
        result.pop('path', None)
        module.fail_json(msg=outcome['msg'], **result)
    return result, eff


# -- xinetd_config helpers ------------------------------------------------------------

def validate_entry(name, entry):
    """Type one value of the ``services`` mapping; return ``(params, errors)``."""
    if entry is None:
        entry = {}
    if not isinstance(entry, dict):
        return None, ['services.%s: must be a mapping of xinetd_service options' % name]
    # An option set to null (e.g. through combine) means "not set".
    entry = dict((key, value) for key, value in entry.items() if value is not None)
    spec = service_entry_spec()
    validated = ArgumentSpecValidator(spec).validate(entry)
    errors = []
    for error in validated.errors:
        if isinstance(error, UnsupportedError):
            named = []
            for key in sorted(set(entry) - set(spec)):
                close = difflib.get_close_matches(key, sorted(spec), n=1, cutoff=0.6)
                named.append('%s (did you mean %s?)' % (key, close[0]) if close else key)
            errors.insert(0, 'Unsupported parameters for services.%s: %s. Supported parameters include: %s.'
                          % (name, ', '.join(named), ', '.join(sorted(spec))))
        else:
            errors.append('services.%s: %s' % (name, error.msg))
    return validated.validated_parameters, errors


def disable_text(text):
    """``text`` with ``disable = yes`` in every service entry (canonical form)."""
    doc, dummy = parse(text)
    for block in doc.services():
        found = False
        items = []
        for item in block.items:
            if isinstance(item, Attribute) and item.key == 'disable':
                if found:
                    continue
                found = True
                items.append(Attribute('disable', '=', ['yes']))
            else:
                items.append(item)
        if not found:
            items.append(Attribute('disable', '=', ['yes']))
        block.items = items
    return render(doc)


def loaded_names(directory):
    """Regular files of ``directory`` that xinetd's includedir loads, sorted."""
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    out = []
    for name in names:
        if _xinetd_effective.xinetd_skips(name):
            continue
        if _xinetd_effective._default_isfile(os.path.join(directory, name)):
            out.append(name)
    return sorted(out)
