# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd_to_systemd's steps: from one xinetd entry to a systemd socket, with
the proof before the cutover and the rollback after it.

``Migration`` holds one run; the module calls its steps in order:

1. ``select``: the entry in xinetd's effective configuration;
2. ``make_plan``: the units (``systemd_units.plan``), refusals and losses;
3. ``read_files``: the files as they are and as they will be (diff);
4. ``settled``: for an entry xinetd no longer runs, whether the migration
   is done;
5. ``preconditions``: systemd runs, xinetd serves the port;
6. ``check_ip_filtering`` and ``prove``: the shadow socket against xinetd;
7. ``cut_over``: units written, entry disabled, xinetd reloaded, socket
   started on the real port, the probes made again on the real port;
8. ``roll_back`` when the real port answered differently or the socket did
   not start there: the state before the cutover, then the task fails.

The host is reached through ``tools`` (``run(argv) -> (rc, out, err)``,
``which(name)``, ``warn(msg)``; ``Tools(module)`` wraps an AnsibleModule) and
the xinetd daemon object of ``_xinetd/daemon.py``.  Standard library only;
runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible_collections.sysv.services.plugins.module_utils import _fileops
from ansible_collections.sysv.services.plugins.module_utils._xinetd import daemon as _xinetd_daemon
from ansible_collections.sysv.services.plugins.module_utils._xinetd import socket_probe
from ansible_collections.sysv.services.plugins.module_utils._xinetd import systemd_units as units
from ansible_collections.sysv.services.plugins.module_utils._xinetd.migrate_host import (
    Systemd, entry_port, disable_entry, find_entry, read_text, resolver, tcp_wrappers_rules,
    local_addresses, Failure, RUNTIME_DIR)

ERRORS = (Failure, _fileops.FileOpsError, _xinetd_daemon.DaemonError, OSError, IOError)


class Tools(object):
    """The host as an AnsibleModule reaches it."""

    def __init__(self, module):
        self.module = module

    def run(self, argv):
        return self.module.run_command(argv)

    def which(self, name):
        return self.module.get_bin_path(name)

    def warn(self, msg):
        self.module.warn(msg)


def rollback_steps(plan_, enabled_before, active_before=False):
    """Undoing a cutover, in order: ``[(step, systemctl arguments)]``.

    Release the real port first (the socket, and the services that may hold
    it: ``NAME.service`` gets the listening socket itself), put the files
    back, make systemd forget the units, give the socket its former boot
    state, let xinetd take the port again, and start a socket that was
    running before (its unit then listened elsewhere).
    """
    services = ('%s@*.service' % plan_.name,) if plan_.template else (plan_.service,)
    steps = [
        ('stop-socket', ('disable', '--now', plan_.socket)),
        ('stop-services', ('stop',) + services),
        ('reset-failed', ('reset-failed', plan_.socket) + services),
        ('restore-files', ()),
        ('daemon-reload', ('daemon-reload',)),
    ]
    if enabled_before == 'enabled':
        steps.append(('enable-socket', ('enable', plan_.socket)))
    steps.extend([('reload-xinetd', ()), ('xinetd-listening', ())])
    if active_before:
        steps.append(('start-socket', ('start', plan_.socket)))
    return steps


def replay_failure(probes, socket_name):
    """The message for the probes the real port answered differently, or None."""
    changed = socket_probe.differing(probes, 'xinetd', 'socket')
    if not changed:
        return None
    return 'after the cutover the real port answered differently: %s' % '; '.join(
        'from %s to %s xinetd answered %s, %s %s'
        % (p['source'], p['destination'], p['xinetd'], socket_name, p['socket']) for p in changed)


class Migration(object):
    """One run of xinetd_to_systemd; ``result`` is the module's result dict."""

    def __init__(self, params, tools, result, systemd=None, daemon=None):
        self.params = params
        self.tools = tools
        self.result = result
        self.systemd = systemd or Systemd(tools)
        self.daemon = daemon
        self.entry = self.active = self.plan = None
        self.paths = self.on_disk = self.xinetd_text = self.new_xinetd_text = None
        self.pid = self.port = self.shadow_port = None
        self.probes = []
        self.before = None

    # -- what to move --------------------------------------------------------------
    def select(self, eff):
        name = self.params['name']
        self.entry, self.active = find_entry(eff, name)
        if self.entry is None:
            raise Failure('name: %s is not an xinetd service of %s' % (name, self.params['path']))
        if not self.active and self.entry.get('port') is None:
            # xinetd computes no port for an entry it does not run
            self.entry = dict(self.entry, port=entry_port(self.entry))

    def make_plan(self):
        name = self.params['name']
        plan_ = units.plan(self.entry, tcp_wrappers=tcp_wrappers_rules(), resolver=resolver,
                           socket_proxyd=units.SOCKET_PROXYD)
        for warning in plan_.warnings:
            self.tools.warn(warning)
        self.result.update(units=plan_.units, socket=plan_.socket, notes=plan_.notes,
                           xinetd_file=self.entry['file'],
                           losses=[{'name': n, 'reason': r} for n, r in plan_.losses])
        if plan_.refusals:
            raise Failure('%s cannot be moved to systemd: %s' % (name, '; '.join(plan_.refusals)))
        if plan_.listen[2] == 'dgram':
            raise Failure('%s is a dgram service: the proof cannot tell a datagram served from one '
                          'dropped, so the collection does not move it' % name)
        missing = plan_.unaccepted(self.params['accept_loss'])
        if missing:
            raise Failure('%s uses what systemd cannot express: %s. List each name in accept_loss to '
                          'move it anyway' % (name, '; '.join('%s (%s)' % (n, r) for n, r in missing)))
        self.plan = plan_

    def read_files(self):
        plan_ = self.plan
        self.paths = dict((f, os.path.join(self.params['unit_dir'], f)) for f in plan_.order)
        self.on_disk = dict((f, read_text(path)) for f, path in self.paths.items())
        self.xinetd_text = read_text(self.entry['file'])
        self.new_xinetd_text = (disable_entry(self.xinetd_text, self.entry['lineno']) if self.active
                                else self.xinetd_text)

    def diff(self):
        out = [dict(before_header=self.paths[f], after_header=self.paths[f], before=self.on_disk[f] or '',
                    after=self.plan.units[f]) for f in self.plan.order if self.on_disk[f] != self.plan.units[f]]
        if self.new_xinetd_text != self.xinetd_text:
            out.append(dict(before_header=self.entry['file'], after_header=self.entry['file'],
                            before=self.xinetd_text, after=self.new_xinetd_text))
        return out

    def settled(self, check_mode):
        """The entry is disabled: the migration is done (return), or cannot start (raise)."""
        name, plan_ = self.params['name'], self.plan
        if any(self.on_disk[f] != plan_.units[f] for f in plan_.order):
            raise Failure('the xinetd entry %s is disabled: there is no running service to prove the '
                          'socket against; enable it in xinetd first' % name)
        if check_mode or not self.systemd.running():
            return
        enabled, state = self.systemd.state(plan_.socket)
        if enabled != 'enabled' or state != 'active':
            raise Failure('%s is already moved (units in place, xinetd entry disabled) but %s is %s and %s'
                          % (name, plan_.socket, enabled, state))

    # -- before the cutover ------------------------------------------------------
    def preconditions(self):
        name = self.params['name']
        if not self.systemd.running():
            raise Failure('systemd is not the init system here (no /run/systemd/system or no systemctl)')
        if self.daemon is None:
            self.daemon = (_xinetd_daemon.Daemon(pidfiles=(self.params['pidfile'],), scan=False,
                                                 warn=self.tools.warn)
                           if self.params['pidfile'] else _xinetd_daemon.Daemon(warn=self.tools.warn))
        self.pid = self.daemon.find()
        if self.pid is None:
            raise Failure('xinetd is not running: the proof compares the socket with the entry xinetd serves')
        self.port = int(self.plan.listen[1])
        if ('tcp', self.port) not in self.daemon.listening(self.pid):
            raise Failure('xinetd (pid %s) does not listen on %s/tcp for %s' % (self.pid, self.port, name))
        shadow_port = self.params['shadow_port'] or socket_probe.free_port()
        if shadow_port is None:
            raise Failure('no free port between 40000 and 49999 for the shadow socket')
        self.shadow_port = shadow_port

    def check_ip_filtering(self):
        plan_ = self.plan
        if plan_.access['allow'] is None and not plan_.access['deny']:
            return
        answer = self._with_runtime_units(*self._ip_filter_units())
        enforced = not socket_probe.let_in(answer)
        self.result['ip_filtering'] = enforced
        if not enforced:
            raise Failure('this host does not enforce IPAddressDeny= for socket units: a loopback client '
                          'was %s by a socket with IPAddressDeny=any (unprivileged containers do not get '
                          'the BPF programs it needs). %s would let in clients that only_from/no_access '
                          'keep out; nothing was changed' % (answer, plan_.socket))

    def _ip_filter_units(self):
        """A socket with IPAddressDeny=any on loopback and what a loopback client gets from it."""
        name = 'sysv-ipaddress-probe-%d' % os.getpid()
        echo = self.tools.which('echo') or '/bin/echo'
        files = units.probe_socket_units(name, self.shadow_port, echo=echo)
        timeout = self.params['probe_timeout']
        return name, files, lambda: socket_probe.probe('127.0.0.1', '127.0.0.1', self.shadow_port, timeout)

    def _with_runtime_units(self, name, files, during):
        """Start ``name``.socket from ``files`` in /run/systemd/system, call ``during``, remove them."""
        try:
            for fname, text in files.items():
                _fileops.atomic_write(os.path.join(RUNTIME_DIR, fname), text, mode=0o644)
            self.systemd.must('daemon-reload')
            self.systemd.must('start', '%s.socket' % name)
            return during()
        finally:
            self.systemd.run('stop', '%s.socket' % name)
            for fname in files:
                path = os.path.join(RUNTIME_DIR, fname)
                if os.path.lexists(path):
                    os.unlink(path)
            self.systemd.run('daemon-reload')

    def prove(self):
        """The same connections to xinetd and to the shadow socket; fail when one differs."""
        pairs = socket_probe.probe_pairs(local_addresses(self.tools), self.plan.listen[0])
        shadow_name, shadow_files = units.shadow(self.plan, self.shadow_port)
        timeout = self.params['probe_timeout']

        def connect():
            for source, destination in pairs:
                self.probes.append(dict(
                    source=source, destination=destination,
                    xinetd=socket_probe.probe(source, destination, self.port, timeout),
                    shadow=socket_probe.probe(source, destination, self.shadow_port, timeout)))
            for item in self.probes:
                item['same'] = socket_probe.let_in(item['xinetd']) == socket_probe.let_in(item['shadow'])
        self._with_runtime_units(shadow_name, shadow_files, connect)
        self.result['probes'] = self.probes
        differ = [p for p in self.probes if not p['same']]
        if differ:
            raise Failure('the proof failed: %s; nothing was changed' % '; '.join(
                'from %s to %s xinetd answered %s, the socket %s'
                % (p['source'], p['destination'], p['xinetd'], p['shadow']) for p in differ))
        if not [p for p in self.probes if socket_probe.let_in(p['xinetd'])]:
            self.tools.warn('no probe source is let in by xinetd, so the proof only shows that the socket '
                            'keeps the same addresses out')

    # -- the cutover ---------------------------------------------------------------
    def cut_over(self):
        """Move the service to the socket; return None, or why it must be rolled back."""
        plan_ = self.plan
        enabled, active = self.systemd.state(plan_.socket)
        self.before = dict(files=_fileops.snapshot(list(self.paths.values()) + [self.entry['file']]),
                           enabled=enabled, active=active == 'active')
        try:
            for fname in plan_.order:
                if self.on_disk[fname] != plan_.units[fname]:
                    _fileops.atomic_write(self.paths[fname], plan_.units[fname], mode=0o644)
            _fileops.atomic_write(self.entry['file'], self.new_xinetd_text, mode=None)
            self.daemon.reload(self.pid)
            if not socket_probe.wait_until(lambda: ('tcp', self.port) not in self.daemon.listening(self.pid)):
                raise Failure('xinetd (pid %s) still listens on %s/tcp after the reload' % (self.pid, self.port))
            self.systemd.must('daemon-reload')
            self.start_socket()
        except ERRORS as exc:
            return 'the cutover failed: %s' % exc
        timeout = self.params['probe_timeout']
        for item in self.probes:
            item['socket'] = socket_probe.probe(item['source'], item['destination'], self.port, timeout)
        return replay_failure(self.probes, plan_.socket)

    def start_socket(self):
        socket_name = self.plan.socket
        rc, out, err = self.systemd.run('enable', '--now', socket_name)
        if rc != 0:
            raise Failure('%s did not start on port %s (systemctl enable --now %s: rc %s, %s; %s)'
                          % (socket_name, self.port, socket_name, rc, ' '.join((err or out).split()),
                             self.systemd.show(socket_name, 'Result')))

    # -- the rollback -------------------------------------------------------------
    def roll_back(self, reason):
        """Put the host back as it was before the cutover, then fail with ``reason``."""
        restored, errors = [], []
        for step, args in rollback_steps(self.plan, self.before['enabled'], self.before['active']):
            try:
                done = self._rollback_step(step, args)
            except ERRORS as exc:
                errors.append('%s: %s' % (step, exc))
                continue
            if done:
                restored.extend(done)
        self.result['rolled_back'] = True
        self.result['restored'] = restored
        msg = '%s; rolled back: %s' % (reason, ', '.join(restored))
        if errors:
            msg += '; the rollback is INCOMPLETE: %s' % '; '.join(errors)
        raise Failure(msg)

    def _rollback_step(self, step, args):
        """Run one rollback step; return what it restored, as sentences."""
        if step == 'restore-files':
            touched = _fileops.restore(self.before['files'])
            return ['%s %s' % (path, 'removed' if self.before['files'][path] is None else 'put back')
                    for path in touched]
        if step == 'reload-xinetd':
            return ['xinetd reloaded (%s)' % self.daemon.reload(self.pid)]
        if step == 'xinetd-listening':
            reason = self.daemon.check_health(self.pid, [(self.params['name'], 'tcp', self.port)])
            if reason is not None:
                raise Failure(reason)
            return ['xinetd listening on %s/tcp again' % self.port]
        if step == 'reset-failed':
            self.systemd.run(*args)  # not loaded or not failed: nothing to forget
            return []
        self.systemd.must(*args)
        return {'stop-socket': ['%s stopped and disabled' % self.plan.socket],
                'stop-services': ['%s stopped' % ' '.join(args[1:])],
                'daemon-reload': ['systemd reloaded (daemon-reload)'],
                'enable-socket': ['%s enabled again, as it was' % self.plan.socket],
                'start-socket': ['%s started again, as it was' % self.plan.socket]}[step]
