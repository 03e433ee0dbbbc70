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
import os

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.sysv.services.plugins.module_utils import _fileops
from ansible_collections.sysv.services.plugins.module_utils._xinetd import host as _xinetd_host
from ansible_collections.sysv.services.plugins.module_utils._xinetd import process as _xinetd_process
from ansible_collections.sysv.services.plugins.module_utils._xinetd.options import (
    DEFAULTS_OPTIONS,
    SERVICE_OPTIONS,
    options_to_attributes,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.model import (
    Block,
    Document,
    Directive,
    Attribute,
    Blank,
    Comment,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.render import (
    format_attribute,
    render,
    render_service,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd import effective as _xinetd_effective
from ansible_collections.sysv.services.plugins.module_utils._xinetd.judge import (
    expected_ports,
    judge,
)


HOST_CHECKS = ('server', 'user', 'group', 'port', 'protocol', 'hosts')

# xinetd_config also stops xinetd, or judges from the configuration (auto)
CONFIG_XINETD_STATES = ('started', 'stopped', 'auto', 'unchanged')

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
        xinetd_state=dict(type='str', choices=list(CONFIG_XINETD_STATES), default='unchanged'),
        runlevels=dict(type='list', elements='int'),
        disable_ids=dict(type='list', elements='str'),
        packages=dict(type='list', elements='raw'),
        remove_packages=dict(type='list', elements='raw'),
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
    """The hooks ``_xinetd.effective.load`` calls, for the checks asked for.

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
            self.bind_problem = host.bind_problem


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


def keep_file_layout(path, text):
    """``text`` to write to ``path``, in the layout of the file already there.

    A file whose meaning does not change is left alone; an edited one keeps
    its comments (``_xinetd.edit``).  The layout editor is imported only when
    the file on disk differs from ``text``: a run with nothing to change
    does not load it.
    """
    old = _fileops.read_text(path)
    if old is None or old == text:
        return text
    from ansible_collections.sysv.services.plugins.module_utils._xinetd.edit import keep_layout
    return keep_layout(old, text, header=SERVICE_HEADER if SERVICE_HEADER in text else None)


def file_services(eff, path):
    """The effective entries xinetd would load from ``path`` (active and inactive)."""
    if eff is None:
        return []
    out = [dict(v) for v in eff.services.values() if v.get('file') == path]
    out.extend(dict(v) for v in eff.inactive if v.get('file') == path)
    out.sort(key=lambda v: (v.get('lineno') or 0))
    return out


# -- converge ---------------------------------------------------------------------

def _finder_args(params):
    """How xinetd is found: the explicit ``pidfile`` only, else the usual pidfiles and /proc."""
    return dict(pidfiles=(params['pidfile'],), scan=False) if params.get('pidfile') else {}


def make_finder(params):
    """What finds the running xinetd (``_xinetd.process``), without the daemon code."""
    return _xinetd_process.Finder(**_finder_args(params))


def make_daemon(params, warn=None):
    """The ``_xinetd.daemon.Daemon`` that writes, reloads, starts and stops (imported only then)."""
    from ansible_collections.sysv.services.plugins.module_utils._xinetd import daemon as _xinetd_daemon
    return _xinetd_daemon.Daemon(timeout=params.get('reload_timeout') or 10, warn=warn, **_finder_args(params))


def file_attribute_problems(params):
    """What is wrong with the ``mode``, ``owner`` and ``file_group`` options
    (each message names the option and the value), checked before anything
    is planned or written, in check mode too."""
    problems = []
    for option, check in (('mode', _fileops.parse_mode), ('owner', _fileops.resolve_uid),
                          ('file_group', _fileops.resolve_gid)):
        value = params.get(option)
        if value is None:
            continue
        try:
            check(value)
        except ValueError as exc:
            problems.append('%s: %s' % (option, exc))
    return problems


def plan_file(path, content, params, keep_attributes=False):
    """What writing ``content`` (None: remove) to ``path`` means.

    ``keep_attributes``: a line edit of a file the task does not own; its
    mode and owner are neither compared with the task's nor changed.
    Returns a dict: path, content, before, changed, diff (and
    keep_attributes when set).
    """
    data = _fileops.read_bytes(path)
    before = None if data is None else data.decode('utf-8', 'replace')
    if content is None:
        changed = before is not None
    else:
        changed = before != content
        if not changed and not keep_attributes:
            try:
                changed = _fileops.attributes_differ(path, params.get('mode'), params.get('owner'),
                                                     params.get('file_group'))
            except ValueError:
                changed = True
    diff = dict(before_header=path, after_header=path,
                before=before or '', after=content or '')
    plan = dict(path=path, content=content, before=before, changed=changed, diff=diff)
    if keep_attributes:
        plan['keep_attributes'] = True
    return plan


def converge(module, plans, main_path, extra_result=None, hooks=None, validated=(), errors=(),
             changed_before=False):
    """Apply ``plans`` (from plan_file) in one transaction.

    Fails the module, before anything is written, when :func:`judge` refuses
    a file: xinetd would not serve an entry of it, misread it or exit, or
    the collection's policy refuses it.  ``validated``: the files the task
    renders (see :func:`judge`); ``errors``: what the module already refuses
    in them (the shape of a file), reported together with the judgement.
    ``changed_before``: what the task already changed before (packages it
    installed), reported as ``changed`` if the task fails here.
    """
    params = module.params
    result = dict(changed=False, reloaded=False, rolled_back=False, backup_file=None,
                  backup_files={}, xinetd_pid=None)
    if extra_result:
        result.update(extra_result)
    problems = file_attribute_problems(params)
    if problems:
        # in check mode too: a run that would fail is not reported as a change
        module.fail_json(msg='; '.join(problems), errors=problems, changed=changed_before,
                         **dict((k, v) for k, v in result.items() if k not in ('changed', 'path')))
    changes = [p for p in plans if p['changed']]
    if module._diff:
        result['diff'] = [p['diff'] for p in plans if p['changed']]
    eff, start, stop = _judge_task(module, plans, changes, main_path, hooks, validated, errors,
                                   result, changed_before)
    pid = make_finder(params).find()
    if module.check_mode:
        result['xinetd_pid'] = pid
        result['changed'] = bool(changes) or (start and pid is None) or (stop and pid is not None)
        result['xinetd_running'] = not stop and (start or pid is not None)
        return result, eff
    if not changes and (pid is not None or not start) and (pid is None or not stop):
        # nothing to write, start, reload or stop: the reload and start code
        # (_xinetd.daemon) is not even imported
        result.update(xinetd_pid=pid, xinetd_started=False, reload_method=None,
                      xinetd_running=pid is not None)
        return result, eff
    from ansible_collections.sysv.services.plugins.module_utils._xinetd import daemon as _xinetd_daemon
    daemon = make_daemon(params, warn=module.warn)
    backups = {}
    paths = [p['path'] for p in plans]
    # a daemon about to be stopped is not reloaded (with no service left it
    # would exit, and the health check would undo the change)
    outcome = _xinetd_daemon.apply(daemon, [p['path'] for p in changes],
                                   lambda: _write(params, changes, backups),
                                   expected=lambda: expected_ports(main_path, params, paths),
                                   reload=params.get('reload') and not stop, start=start)
    _record_outcome(module, result, outcome, backups, paths)
    if stop:
        stop_xinetd(module, daemon, result)
    result['xinetd_running'] = result['xinetd_pid'] is not None
    return result, eff


def _judge_task(module, plans, changes, main_path, hooks, validated, errors, result, changed_before=False):
    """Judge the files (fails the module when a file is refused): ``(eff, start, stop)``."""
    params = module.params
    texts = dict((p['path'], p['content']) for p in plans)
    eff, problems, warnings = judge(main_path, texts, params, hooks, validated)
    problems.extend(errors)
    result['warnings_found'] = list(result.get('warnings_found') or []) + warnings
    for warning in warnings:
        module.warn(warning)
    # what the xinetd release on this host does otherwise (e.g. 2.3.14)
    if changes:
        # imported here: a run that writes nothing does not load the release checks
        from ansible_collections.sysv.services.plugins.module_utils._xinetd import versions as _xinetd_versions
        problems += _xinetd_versions.problems(module, [(p['path'], p['content']) for p in changes])
    state = params.get('xinetd_state')
    start = state == 'started'
    if state == 'auto':
        # STIG RHEL-06-000203: xinetd runs only while it has a service to serve
        start = bool(eff is not None and eff.services)
    stop = state == 'stopped' or (state == 'auto' and not start)
    if problems:
        fail = dict(result)
        fail.pop('diff', None)
        # a 'path' key makes fail_json add the file's uid, gid, mode and size
        fail.pop('path', None)
        module.fail_json(msg='; '.join(problems), errors=problems, changed=changed_before, **dict(
            (k, v) for k, v in fail.items() if k != 'changed'))
    return eff, start, stop


def _write(params, changes, backups):
    """Write or remove the changed files (``_fileops``); fills ``backups``."""
    for plan in changes:
        if plan['content'] is None:
            dummy, backup = _fileops.remove(plan['path'], backup=params.get('backup'))
        elif plan.get('keep_attributes'):
            # a line edit of a file the task does not own: mode and owner stay
            backup = _fileops.atomic_write(plan['path'], plan['content'], mode=None,
                                           backup=params.get('backup'))
        else:
            backup = _fileops.atomic_write(plan['path'], plan['content'], mode=params.get('mode'),
                                           owner=params.get('owner'),
                                           group=params.get('file_group'),
                                           backup=params.get('backup'))
        if backup:
            backups[plan['path']] = backup
    return bool(changes)


def _record_outcome(module, result, outcome, backups, paths):
    """The result of ``_xinetd.daemon.apply``; fails the module when it failed."""
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


def stop_xinetd(module, daemon, result):
    """Stop a running xinetd (xinetd_state stopped, or auto with no service)."""
    pid = daemon.find()
    if pid is None:
        return
    from ansible_collections.sysv.services.plugins.module_utils._xinetd import boot as _xinetd_boot
    try:
        result['stop_method'] = _xinetd_boot.stop(daemon, pid)
    except _xinetd_process.DaemonError as exc:
        module.fail_json(msg='xinetd_state: %s: %s' % (module.params.get('xinetd_state'), exc), **result)
    result.update(changed=True, xinetd_stopped=True, xinetd_pid=None)


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
                import difflib  # only to name a misspelt option
                close = difflib.get_close_matches(key, sorted(spec), n=1, cutoff=0.6)
                named.append('%s (did you mean %s?)' % (key, close[0]) if close else key)
            errors.insert(0, 'Unsupported parameters for services.%s: %s. Supported parameters include: %s.'
                          % (name, ', '.join(named), ', '.join(sorted(spec))))
        else:
            errors.append('services.%s: %s' % (name, error.msg))
    return validated.validated_parameters, errors


def _block_id(lines, block):
    """The id of a service block: its first ``id = X`` line, else its name."""
    for line in lines[block['open'] + 1:block['close']]:
        tokens = line.split()
        if len(tokens) >= 3 and tokens[0].lower() == 'id' and tokens[1] == '=':
            return tokens[2]
    return block['name']


def disable_ids_text(text, ids):
    """``text`` with ``disable = yes`` in the entries whose id is in ``ids``.

    Only the disable lines of those entries change (``_xinetd.disable``'s
    line editor, the one ``chkconfig`` uses); entries already off, other entries,
    comments and blank lines stay byte for byte.  Ids compare without case,
    as xinetd compares the ``disabled`` list.  Returns ``(text, [ids turned off])``.
    """
    # imported here: a task without disable_ids does not load the line editor
    from ansible_collections.sysv.services.plugins.module_utils._xinetd import disable as _disable
    wanted = set(i.lower() for i in ids)
    lines = text.split('\n')
    turned_off = []
    for block in reversed(_disable.xinetd_blocks(text)):
        if block['kind'] != 'service':
            continue
        service_id = _block_id(lines, block)
        if service_id.lower() not in wanted:
            continue
        segment = 'service %s\n%s' % (block['name'], '\n'.join(lines[block['open']:block['close'] + 1]))
        edited = _disable.set_xinetd_enabled(segment, False)
        if edited == segment:
            continue
        lines[block['open']:block['close'] + 1] = edited.split('\n')[1:]
        turned_off.append(service_id)
    return '\n'.join(lines), sorted(turned_off)


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
