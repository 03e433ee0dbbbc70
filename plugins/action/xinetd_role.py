# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one task of the xinetd and telnet_hardening roles.

Reads the role variables from the task's variables (templating only those
that hold a template), merges them in Python and runs, in this order:

- with telnet_hardening: the refusal of an empty address list, the banner
  file (``ansible.builtin.copy``), telnet.socket off
  (``ansible.builtin.systemd_service``);
- with ``upgrade`` and ``xinetd_package_state: latest``: the package upgrade
  (``ansible.builtin.package``);
- with telnet_hardening and TCP wrappers: the hosts.allow and hosts.deny
  lines (``ansible.builtin.lineinfile``);
- the ``sysv.services.xinetd_config`` action (one module run).

Each optional step runs only when it is asked for, so the usual run of a
role is its argument-spec check and this task: no skipped task per host,
and no template compiled per host for values that are plain data. The
merge rules of the two roles live here, once.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import posixpath
import re

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase

try:  # ansible-core 2.19 and later
    from ansible.executor.module_common import _apply_action_arg_defaults
except ImportError:
    _apply_action_arg_defaults = None
try:  # ansible-core 2.16 to 2.18
    from ansible.executor.module_common import get_action_args_with_defaults
except ImportError:
    get_action_args_with_defaults = None

# Imported here, not through the action loader in each host's worker: the
# strategy imports this plugin once in the controller's main process before
# it forks the workers, so they inherit the xinetd_config action and the
# collection code it uses already compiled (the collection loader compiles
# the source of every module it imports, with no bytecode cache).
from ansible_collections.sysv.services.plugins.action import xinetd_config as _xinetd_config
from ansible_collections.sysv.services.plugins.module_utils._sysv import packages as _packages

XINETD_VARS = (
    'xinetd_packages', 'xinetd_extra_packages', 'xinetd_remove_packages', 'xinetd_extra_remove_packages',
    'xinetd_defaults', 'xinetd_extra_defaults', 'xinetd_services', 'xinetd_extra_services',
    'xinetd_disable_ids', 'xinetd_extra_disable_ids', 'xinetd_purge', 'xinetd_backup', 'xinetd_state',
    'xinetd_runlevels', 'xinetd_pidfile', 'xinetd_package_state',
)

TELNET_VARS = (
    'telnet_hardening_state', 'telnet_hardening_only_from', 'telnet_hardening_no_access',
    'telnet_hardening_instances', 'telnet_hardening_per_source', 'telnet_hardening_cps',
    'telnet_hardening_access_times', 'telnet_hardening_log_on_success', 'telnet_hardening_log_on_failure',
    'telnet_hardening_log_type', 'telnet_hardening_banner', 'telnet_hardening_banner_content',
    'telnet_hardening_bind', 'telnet_hardening_server', 'telnet_hardening_server_args',
    'telnet_hardening_user', 'telnet_hardening_packages', 'telnet_hardening_xinetd_state',
    'telnet_hardening_systemd_socket_off', 'telnet_hardening_tcp_wrappers',
    'telnet_hardening_tcp_wrappers_allow', 'telnet_hardening_disable_builtins',
    '__telnet_hardening_default_packages', '__telnet_hardening_default_remove_packages',
    '__telnet_hardening_builtin_ids',
)

# Typed bool by the roles' argument specs, which check a value but hand it on
# unchanged: "false" given with -e is a string here.
BOOL_VARS = ('xinetd_backup', 'telnet_hardening_systemd_socket_off', 'telnet_hardening_tcp_wrappers',
             'telnet_hardening_disable_builtins')

# what each package manager fact means for a value given by package family
PKG_MGR_FAMILY = {'apt': 'dpkg', 'yum': 'rpm', 'dnf': 'rpm', 'dnf5': 'rpm', 'zypper': 'rpm'}

EXTRA_ROLES = ('', 'telnet_hardening')

EMPTY_ONLY_FROM = (
    'telnet_hardening_only_from is empty: the role will not open telnet to every address. List the '
    'addresses or networks allowed to connect (for example telnet_hardening_only_from: [10.1.2.0/24]), '
    'or set telnet_hardening_state: absent to remove telnet.')

# TCP wrappers match the daemon by the server's file name; with the platform's
# server one line names both (in.telnetd on EL, telnetd on Debian).
PLATFORM_DAEMONS = 'in.telnetd telnetd'
PLATFORM_DAEMONS_RE = r'^\s*((in\.)?telnetd[\s,]*)+:'


class StepFailed(Exception):
    def __init__(self, result):
        super(StepFailed, self).__init__(result.get('msg'))
        self.result = result


def telnet_contributions(v):
    """What telnet_hardening hands to the xinetd role (``xinetd_extra_*``, ``xinetd_state``).

    ``v`` maps the names of TELNET_VARS to their values.
    """
    present = v['telnet_hardening_state'] == 'present'
    packages = v['telnet_hardening_packages']
    builtins = list(v['__telnet_hardening_builtin_ids']) if v['telnet_hardening_disable_builtins'] else []
    if present:
        entry = {
            'enabled': True,
            'socket_type': 'stream',
            'wait': False,
            'user': v['telnet_hardening_user'],
            'server': v['telnet_hardening_server'] or {'dpkg': '/usr/sbin/telnetd', 'rpm': '/usr/sbin/in.telnetd'},
            'only_from': v['telnet_hardening_only_from'],
            'instances': v['telnet_hardening_instances'],
            'per_source': v['telnet_hardening_per_source'],
            'cps': v['telnet_hardening_cps'],
            'log_on_success': v['telnet_hardening_log_on_success'],
            'log_on_failure': v['telnet_hardening_log_on_failure'],
        }
        # an optional value left empty is not set
        for key in ('no_access', 'access_times', 'log_type', 'banner', 'bind', 'server_args'):
            entry[key] = v['telnet_hardening_' + key] or None
    else:
        entry = {'state': 'absent'}
    return {
        'xinetd_extra_packages': list(packages or v['__telnet_hardening_default_packages']) if present else [],
        'xinetd_extra_remove_packages': (list(packages or v['__telnet_hardening_default_remove_packages'])
                                         if not present else []),
        'xinetd_extra_services': {'telnet': entry},
        'xinetd_extra_defaults': {'disabled': builtins} if builtins else {},
        'xinetd_extra_disable_ids': builtins,
        'xinetd_state': v['telnet_hardening_xinetd_state'],
    }


# the xinetd role's defaults for what telnet_hardening replaces
_XINETD_DEFAULTS = {'xinetd_state': 'started'}


def replaced_variables(v, contributions):
    """The xinetd role variables the user set (to other than the role's
    default) that telnet_hardening's ``contributions`` replace, sorted."""
    out = []
    for name, value in contributions.items():
        given = v.get(name)
        default = _XINETD_DEFAULTS.get(name)
        if given in (None, '', [], {}) or given == default or given == value:
            continue
        out.append(name)
    return sorted(out)


def xinetd_config_args(v):
    """The ``sysv.services.xinetd_config`` options from the xinetd role variables ``v``."""
    extra_defaults = v['xinetd_extra_defaults'] or {}
    defaults = dict(v['xinetd_defaults'] or {})
    for key, value in extra_defaults.items():
        if key == 'disabled':
            # added to the ids of xinetd_defaults (the module writes an id listed twice once)
            value = list(defaults.get('disabled') or []) + list(value or [])
        defaults[key] = value
    services = dict(v['xinetd_services'] or {})
    services.update(v['xinetd_extra_services'] or {})
    return {
        'packages': list(v['xinetd_packages'] or []) + list(v['xinetd_extra_packages'] or []),
        'remove_packages': list(v['xinetd_remove_packages'] or []) + list(v['xinetd_extra_remove_packages'] or []),
        'defaults': defaults,
        'services': services,
        'disable_ids': list(v['xinetd_disable_ids'] or []) + list(v['xinetd_extra_disable_ids'] or []),
        'purge': v['xinetd_purge'],
        'backup': v['xinetd_backup'],
        'xinetd_state': v['xinetd_state'],
        'runlevels': [] if v['xinetd_state'] == 'stopped' else v['xinetd_runlevels'],
        'pidfile': v['xinetd_pidfile'],
    }


def wrappers_lines(v):
    """``(regexp, hosts.allow line, hosts.deny line)`` for telnet_hardening's TCP wrappers.

    Without telnet_hardening_tcp_wrappers_allow, the clients are
    telnet_hardening_only_from translated into hosts_access(5) patterns that
    tcpd reads as xinetd reads the values (``_xinetd.wrappers``): the same
    text means something else there (``10.1.0.0`` is a network for xinetd,
    one address for tcpd).  With state absent the lines are only removed,
    by their daemon, so nothing is translated."""
    server = v['telnet_hardening_server']
    if server:
        daemon = posixpath.basename(server)
        regexp = r'^\s*%s\s*:' % re.escape(daemon)
    else:
        daemon, regexp = PLATFORM_DAEMONS, PLATFORM_DAEMONS_RE
    allowed = [to_text(a) for a in v['telnet_hardening_tcp_wrappers_allow'] or []]
    if not allowed and v['telnet_hardening_state'] == 'present':
        from ansible_collections.sysv.services.plugins.module_utils._xinetd import wrappers as _wrappers
        try:
            allowed = _wrappers.client_list([to_text(a) for a in v['telnet_hardening_only_from']])
        except _wrappers.WrappersError as exc:
            raise AnsibleError(to_text(exc))
    return regexp, '%s: %s' % (daemon, ' '.join(allowed)), '%s: ALL' % daemon


def resolve_by_family(items, family, what):
    """Package names of ``items`` (names, or mappings from package family to name) for ``family``.

    Read as xinetd_config reads them on the host (``packages.names_for``): the
    names are checked, and a mapping without an entry for ``family`` names
    nothing on this host, so the upgrade leaves it out as the install does.
    """
    try:
        return _packages.names_for(items, family, what)
    except _packages.PackageError as exc:
        raise AnsibleError(to_text(exc))


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('upgrade',))

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        upgrade = self._task.args.get('upgrade', False)
        if not isinstance(upgrade, bool):
            result.update(failed=True, msg='upgrade: %r is not a boolean (true or false)' % (upgrade,))
            return result
        steps = []
        try:
            v = self._variables(task_vars, XINETD_VARS + ('xinetd_extra_role',), optional=('xinetd_extra_role',))
            extra_role = v.get('xinetd_extra_role') or ''
            if extra_role not in EXTRA_ROLES:
                raise AnsibleError('xinetd_extra_role: %r is not one of: %s'
                                   % (extra_role, ', '.join(repr(r) for r in EXTRA_ROLES)))
            t = None
            if extra_role == 'telnet_hardening':
                t = self._variables(task_vars, TELNET_VARS)
                if t['telnet_hardening_state'] not in ('present', 'absent'):
                    raise AnsibleError('telnet_hardening_state: %r is not one of: present, absent'
                                       % (t['telnet_hardening_state'],))
                if t['telnet_hardening_state'] == 'present' and not t['telnet_hardening_only_from']:
                    raise AnsibleError(EMPTY_ONLY_FROM)
                contributions = telnet_contributions(t)
                replaced = replaced_variables(v, contributions)
                v.update(contributions)
            present = t is not None and t['telnet_hardening_state'] == 'present'

            if present and t['telnet_hardening_banner_content'] and not t['telnet_hardening_banner']:
                raise AnsibleError('telnet_hardening_banner_content is set but telnet_hardening_banner is '
                                   'empty: give the path of the banner file to write the text to')
            if present and t['telnet_hardening_banner'] and t['telnet_hardening_banner_content']:
                steps.append(self._action('banner', 'ansible.legacy.copy', task_vars, {
                    'dest': t['telnet_hardening_banner'], 'content': t['telnet_hardening_banner_content'],
                    'owner': 'root', 'group': 'root', 'mode': '0644'}))
            if present and t['telnet_hardening_systemd_socket_off']:
                steps.append(self._socket_off(task_vars))
            if upgrade and v['xinetd_package_state'] == 'latest':
                steps.extend(self._upgrade(task_vars, list(v['xinetd_packages'] or [])
                                           + list(v['xinetd_extra_packages'] or [])))
            elif upgrade and v['xinetd_package_state'] != 'present':
                raise AnsibleError('xinetd_package_state: %r is not one of: present, latest'
                                   % (v['xinetd_package_state'],))
            if t is not None and t['telnet_hardening_tcp_wrappers']:
                regexp, allow, deny = wrappers_lines(t)
                for name, path, line in (('hosts.allow', '/etc/hosts.allow', allow),
                                         ('hosts.deny', '/etc/hosts.deny', deny)):
                    steps.append(self._module(name, 'ansible.legacy.lineinfile', task_vars, {
                        'path': path, 'regexp': regexp, 'line': line, 'state': t['telnet_hardening_state'],
                        'create': True, 'owner': 'root', 'group': 'root', 'mode': '0644'}))
            # its result is the task's, failed or not, message unchanged
            converge = self._action('xinetd_config', _xinetd_config.ActionModule, task_vars,
                                    self._with_module_defaults('sysv.services.xinetd_config',
                                                               xinetd_config_args(v)), check=False)
        except StepFailed as exc:
            failed = exc.result
            result.update(failed=True, changed=any(s.get('changed') for s in steps), msg=failed.get('msg'),
                          steps=steps + [failed])
            return result
        except AnsibleError as exc:
            result.update(failed=True, changed=any(s.get('changed') for s in steps), msg=to_text(exc.message))
            if steps:
                result['steps'] = steps
            return result

        result.update(converge)
        if t is not None and replaced:
            result['warnings'] = ['%s: the value given is replaced, under telnet_hardening, by what the '
                                  'telnet_hardening_* variables give (%s: %r)'
                                  % (name, name, contributions[name]) for name in replaced] + \
                list(result.get('warnings') or [])
        if steps:
            result['steps'] = steps + [dict((k, converge[k]) for k in ('step', 'changed') if k in converge)]
            result['changed'] = bool(converge.get('changed')) or any(s.get('changed') for s in steps)
            diffs = [d for s in steps for d in self._diff_list(s)] + self._diff_list(converge)
            if diffs:
                result['diff'] = diffs
            warnings = [w for s in steps for w in s.get('warnings') or []] + list(result.get('warnings') or [])
            if warnings:
                result['warnings'] = warnings
        result.pop('step', None)
        return result

    def _with_module_defaults(self, action, args):
        """``args`` over the play's module_defaults for ``action`` (and its groups).

        Ansible applies module_defaults to the task's own action only, here
        sysv.services.xinetd_role; the xinetd_config run gets them as if it
        were the task, as it was before the roles had an action of their own.
        """
        if _apply_action_arg_defaults is not None:
            return _apply_action_arg_defaults(action, self._task, args, self._templar)
        return get_action_args_with_defaults(action, args, self._task.module_defaults, self._templar,
                                             action_groups=self._task._parent._play._action_groups)

    @staticmethod
    def _diff_list(res):
        diff = res.get('diff')
        if not diff:
            return []
        return list(diff) if isinstance(diff, list) else [diff]

    def _variables(self, task_vars, names, optional=()):
        """The values of ``names`` from the task's variables; a template among them is templated."""
        values = {}
        for name in names:
            if name not in task_vars:
                if name in optional:
                    continue
                raise AnsibleError('the role variable %s is not defined (sysv.services.xinetd_role reads the '
                                   'variables of the xinetd and telnet_hardening roles; run it from them)' % name)
            value = self._templar.template(task_vars[name])
            if name in BOOL_VARS:
                try:
                    value = boolean(value, strict=True)
                except TypeError:
                    raise AnsibleError('%s: %r is not a boolean (true or false)' % (name, value))
            values[name] = value
        return values

    def _check(self, name, res):
        res['step'] = name
        if res.get('failed'):
            res['msg'] = '%s: %s' % (name, res.get('msg') or 'failed')
            raise StepFailed(res)
        return res

    def _module(self, name, module, task_vars, args):
        return self._check(name, self._execute_module(module_name=module, module_args=args, task_vars=task_vars))

    def _action(self, name, action, task_vars, args, check=True):
        """Run another action plugin (its name, or its class) with ``args`` on this task."""
        saved = self._task.args
        self._task.args = args
        try:
            if isinstance(action, str):
                plugin = self._shared_loader_obj.action_loader.get(
                    action, task=self._task, connection=self._connection, play_context=self._play_context,
                    loader=self._loader, templar=self._templar, shared_loader_obj=self._shared_loader_obj)
            else:
                plugin = action(self._task, self._connection, self._play_context, self._loader, self._templar,
                                self._shared_loader_obj)
            try:
                res = plugin.run(task_vars=task_vars)
            finally:
                # the remote temporary directory, when the connection needs one,
                # is removed by the action that made it (Ansible's cleanup of
                # this task only removes one this action made)
                plugin.cleanup()
        finally:
            self._task.args = saved
        if not check:
            res['step'] = name
            return res
        return self._check(name, res)

    def _socket_off(self, task_vars):
        # EL 7/8 telnet-server ships telnet.socket, which would serve telnet
        # outside xinetd's limits; a host without the unit is what is wanted.
        res = self._execute_module(module_name='ansible.legacy.systemd_service', task_vars=task_vars,
                                   module_args={'name': 'telnet.socket', 'enabled': False, 'state': 'stopped'})
        if res.get('failed') and 'Could not find the requested service' in (res.get('msg') or ''):
            res = {'changed': False, 'failed': False, 'msg': 'telnet.socket: no such unit on this host'}
        return self._check('telnet.socket', res)

    def _upgrade(self, task_vars, items):
        steps = []
        args = {'state': 'latest'}
        family = None
        if any(isinstance(i, dict) for i in items):
            # names by package family: ask the host which package manager it has
            facts = self._check('package manager', self._execute_module(
                module_name='ansible.legacy.setup', task_vars=task_vars,
                module_args={'gather_subset': ['!all'], 'filter': ['ansible_pkg_mgr']}))
            steps.append(facts)
            pkg_mgr = (facts.get('ansible_facts') or {}).get('ansible_pkg_mgr')
            family = PKG_MGR_FAMILY.get(pkg_mgr)
            if family is None:
                raise AnsibleError('xinetd_packages: values by package family need apt, yum, dnf or zypper; '
                                   'this host has %r' % (pkg_mgr,))
            args['use'] = pkg_mgr
        args['name'] = resolve_by_family(items, family, 'xinetd_packages')
        if args['name']:
            # every item a mapping without this host's family: nothing to upgrade here
            steps.append(self._action('upgrade', 'ansible.legacy.package', task_vars, args))
        return steps
