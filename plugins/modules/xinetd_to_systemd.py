#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xinetd_to_systemd
short_description: Move an xinetd service to a systemd socket unit, with proof that the same clients get in
version_added: 0.2.0
description:
  - Renders C(NAME.socket) and C(NAME@.service) (C(NAME.service) for C(wait = yes) and for C(redirect))
    in C(/etc/systemd/system) from the entry xinetd runs now, the effective entry M(sysv.services.xinetd_info)
    reports (defaults merged, includes followed, operators applied).
  - "Mapping: C(wait) to C(Accept=); C(socket_type), C(port), C(bind) and the IPv4/IPv6 flags to
    C(ListenStream=)/C(ListenDatagram=); C(instances) to C(MaxConnections=); C(per_source) to
    C(MaxConnectionsPerSource=); C(only_from)/C(no_access) to C(IPAddressAllow=)/C(IPAddressDeny=) (with
    xinetd's rule that an address in both lists is denied); C(user), C(group), C(nice), C(umask), C(env),
    C(passenv), the C(rlimit_*) attributes, C(server) and C(server_args) (C(NAMEINARGS) included) to the
    service; C(redirect) to C(systemd-socket-proxyd); C(cps) to C(TriggerLimitIntervalSec=) and
    C(TriggerLimitBurst=)."
  - Attributes with no systemd equivalent (C(access_times), C(banner), C(banner_success), C(banner_fail),
    C(USERID) logging, C(max_load), TCP wrappers (C(libwrap), or rules in C(/etc/hosts.allow) and
    C(/etc/hosts.deny) while the entry lacks C(NOLIBWRAP)), the C(SENSOR), C(INTERCEPT), C(IDONLY),
    C(LABELED) and C(NORETRY) flags, C(RPC)) make the task fail, naming each one, unless every one is listed
    in O(accept_loss).
  - Entries that cannot be served by a socket unit at all are refused - C(INTERNAL) built-ins, C(TCPMUX),
    C(.domain) forms and host names that do not resolve in C(only_from)/C(no_access), C(dgram) services (the
    proof below cannot tell an accepted datagram from a dropped one). Host names that resolve are written
    as their addresses and factorized addresses are expanded, each with a warning.
  - "Proof before cutover: the units are started under another name on a shadow port, and the same TCP
    connections are made to the xinetd entry and to the shadow socket from every address of the host
    (loopback and the host's own addresses, IPv4 and IPv6). Only when every source gets the same answer
    (let in, or kept out) from both does the cutover happen: the unit files are written, the entry's
    C(disable) line (and nothing else) is set to C(yes), xinetd is reloaded, and C(NAME.socket) is enabled and
    started on the real port. The same probes are then made to the real port; if an answer changed, the
    socket is stopped and disabled, the files are put back and xinetd reloaded."
  - When the units restrict addresses, the host is first checked to enforce C(IPAddressDeny=) (a BPF
    feature that, for example, an unprivileged container does not get); a throw-away socket with
    C(IPAddressDeny=any) on loopback must keep a loopback client out. If it does not, nothing is changed
    and the task fails.
  - When the proof fails, nothing is changed and the task fails with the probes that differed.
  - There is no reverse migration; see the guide C(docs/guides/migrate-to-systemd.md) for the manual steps.
author:
  - sysv.services maintainers (@sysv-services)
extends_documentation_fragment:
  - sysv.services.attributes
  - sysv.services.xinetd_locations
  - sysv.services.xinetd_locations.MAIN_FILE
attributes:
  check_mode:
    support: full
    details: Renders the units and reports what would change; no unit is started, no probe is made.
  diff_mode:
    support: full
    details: Shows the unit files and the entry's C(disable) line, before and after.
options:
  name:
    description:
      - The xinetd service to move, by name or id. It must be one active entry (for a name with several
        entries, such as C(echo) with C(echo-stream) and C(echo-dgram), give the id).
      - The units are named after it.
    type: str
    required: true
  accept_loss:
    description:
      - Names of the attributes, flags or values in effect whose meaning you agree to drop (for example
        C(access_times), C(banner_fail), C(USERID), C(libwrap), C(SENSOR)). Case-insensitive.
      - The task fails while any attribute without an equivalent is in effect and not listed here.
    type: list
    elements: str
    default: []
  unit_dir:
    description:
      - Where the unit files are written.
    type: path
    default: /etc/systemd/system
  shadow_port:
    description:
      - The port of the shadow socket used for the proof. By default a free port from 40000 up.
    type: int
  probe_timeout:
    description:
      - Seconds a probe waits for the connection and for the server's first bytes. A client whose
        connection is not established within this time counts as kept out.
    type: float
    default: 2.0
seealso:
  - module: sysv.services.xinetd_info
  - module: sysv.services.xinetd_service
notes:
  - Needs systemd as the init system and a running xinetd that serves the entry.
  - C(cps) does not map exactly - xinetd pauses the service for the given seconds, systemd leaves the socket
    failed until it is restarted; the result's C(notes) say so for the entry at hand.
'''

EXAMPLES = r'''
- name: Move telnet from xinetd to a systemd socket, proving the same clients get in
  sysv.services.xinetd_to_systemd:
    name: telnet

- name: Move it even though systemd has no access_times and no USERID logging
  sysv.services.xinetd_to_systemd:
    name: telnet
    accept_loss: [access_times, USERID]

- name: Show the units that would be written, change nothing
  sysv.services.xinetd_to_systemd:
    name: telnet
  check_mode: true
  diff: true
  register: telnet_units
'''

RETURN = r'''
units:
  description: The unit files rendered, by file name.
  returned: always
  type: dict
  sample: {"telnet.socket": "[Unit]\n...", "telnet@.service": "[Unit]\n..."}
socket:
  description: The socket unit's name.
  returned: always
  type: str
  sample: telnet.socket
losses:
  description: The attributes in effect that systemd cannot express, each with C(name) and C(reason).
  returned: always
  type: list
  elements: dict
notes:
  description: Differences that remain after the migration (cps, instances, logging).
  returned: always
  type: list
  elements: str
probes:
  description: The proof, one item per client address, with C(source), C(destination), C(xinetd) and
    C(shadow) (what each side answered - served, open, closed, refused, dropped, reset or an error), C(same),
    and, after the cutover, C(socket) (what the real port answered).
  returned: when the proof ran
  type: list
  elements: dict
ip_filtering:
  description: Whether this host enforces C(IPAddressDeny=) for socket units (C(null) when not needed).
  returned: when the units were checked against the host
  type: bool
xinetd_file:
  description: The xinetd file whose entry was disabled.
  returned: always
  type: str
rolled_back:
  description: True when the cutover was undone because the real port answered differently.
  returned: always
  type: bool
'''

import errno
import os
import socket
import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.sysv.services.plugins.module_utils import _fileops
from ansible_collections.sysv.services.plugins.module_utils._xinetd import disable as _disable
from ansible_collections.sysv.services.plugins.module_utils._xinetd import systemd_units as units
from ansible_collections.sysv.services.plugins.module_utils._xinetd import daemon as _xinetd_daemon
from ansible_collections.sysv.services.plugins.module_utils._xinetd import effective as _xinetd_effective
from ansible_collections.sysv.services.plugins.module_utils._xinetd import host as _xinetd_host
from ansible_collections.sysv.services.plugins.module_utils._xinetd.converge import make_host

RUNTIME_DIR = '/run/systemd/system'
ALLOWED = ('served', 'open')


class Failure(Exception):
    def __init__(self, msg, **extra):
        Exception.__init__(self, msg)
        self.extra = extra


# -- probes ------------------------------------------------------------------------

def probe(source, destination, port, timeout):
    """One TCP connection from ``source`` to ``destination:port``: what happened.

    served: the server sent bytes; open: connected, the server stayed silent;
    closed: connected, then closed with no byte (xinetd refusing a client);
    refused: RST (nothing listens); dropped: no answer to the SYN (a packet
    filter); reset: closed with RST after the connection.
    """
    family = socket.AF_INET6 if ':' in destination else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        try:
            sock.bind((source, 0))
            sock.connect((destination, port))
        except socket.timeout:
            return 'dropped'
        except socket.error as exc:
            if exc.errno == errno.ECONNREFUSED:
                return 'refused'
            return 'error: %s' % exc
        try:
            data = sock.recv(64)
        except socket.timeout:
            return 'open'
        except socket.error as exc:
            if exc.errno == errno.ECONNRESET:
                return 'reset'
            return 'error: %s' % exc
        return 'served' if data else 'closed'
    finally:
        sock.close()


def local_addresses(module):
    """The host's addresses usable as probe sources: loopback first."""
    found = []
    ip = module.get_bin_path('ip')
    if ip:
        rc, out, dummy = module.run_command([ip, '-o', 'addr', 'show'])
        if rc == 0:
            for line in out.splitlines():
                fields = line.split()
                if len(fields) < 4 or fields[2] not in ('inet', 'inet6'):
                    continue
                address = fields[3].split('/')[0]
                if address.lower().startswith('fe80:'):
                    continue  # link-local: needs a scope id, and no client comes from there
                found.append(address)
    if not found:
        module.warn('could not list the host\'s addresses (no "ip" command): the proof uses 127.0.0.1 only')
        found = ['127.0.0.1']
    loop = [a for a in found if a.startswith('127.') or a == '::1']
    return loop + [a for a in found if a not in loop]


def probe_pairs(addresses, bind):
    """(source, destination) pairs: each address to itself, or to the bind address."""
    pairs = []
    for address in addresses:
        if bind:
            if (':' in bind) != (':' in address):
                continue
            pairs.append((address, bind))
        else:
            pairs.append((address, address))
    return pairs


def free_port(start=40000, end=49999):
    for port in range(start, end):
        ok = True
        for family, address in ((socket.AF_INET, '0.0.0.0'), (socket.AF_INET6, '::')):
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.bind((address, port))
            except socket.error as exc:
                if exc.errno == errno.EADDRINUSE:
                    ok = False
            finally:
                sock.close()
            if not ok:
                break
        if ok:
            return port
    raise Failure('no free port between %d and %d for the shadow socket' % (start, end))


# -- systemd -----------------------------------------------------------------------

class Systemd(object):
    def __init__(self, module):
        self.module = module
        self.binary = module.get_bin_path('systemctl')

    def running(self):
        return self.binary is not None and os.path.isdir('/run/systemd/system')

    def run(self, *args):
        rc, out, err = self.module.run_command([self.binary] + list(args))
        return rc, out.strip(), err.strip()

    def must(self, *args):
        rc, out, err = self.run(*args)
        if rc != 0:
            raise Failure('systemctl %s failed (rc %s): %s' % (' '.join(args), rc, err or out))
        return out

    def state(self, unit):
        dummy, enabled, dummy2 = self.run('is-enabled', unit)
        dummy, active, dummy2 = self.run('is-active', unit)
        return enabled.split('\n')[0], active.split('\n')[0]


def write_runtime_units(files):
    for fname, text in files.items():
        _fileops.atomic_write(os.path.join(RUNTIME_DIR, fname), text, mode=0o644)


def remove_runtime_units(files):
    for fname in files:
        path = os.path.join(RUNTIME_DIR, fname)
        if os.path.lexists(path):
            os.unlink(path)


def ip_filtering_enforced(module, systemd, port, timeout):
    """Start a socket with IPAddressDeny=any on loopback and connect to it."""
    name = 'sysv-ipaddress-probe-%d' % os.getpid()
    echo = module.get_bin_path('echo') or '/bin/echo'
    files = units.probe_socket_units(name, port, echo=echo)
    try:
        write_runtime_units(files)
        systemd.must('daemon-reload')
        systemd.must('start', '%s.socket' % name)
        answer = probe('127.0.0.1', '127.0.0.1', port, timeout)
    finally:
        systemd.run('stop', '%s.socket' % name)
        remove_runtime_units(files)
        systemd.run('daemon-reload')
    return answer not in ALLOWED, answer


def wait_port(check, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


# -- xinetd ------------------------------------------------------------------------

def find_entry(eff, name):
    """The active entry for ``name`` (name or id), or a disabled one, or None."""
    active = [rec for key, rec in eff.services.items()
              if name in (key, rec.get('id'), rec.get('name'))]
    if len(active) > 1:
        raise Failure('name: %s matches several active xinetd entries (%s); give the id of one'
                      % (name, ', '.join(sorted(r['id'] for r in active))))
    if active:
        return active[0], True
    disabled = [rec for rec in eff.inactive if rec.get('state') == 'disabled'
                and name in (rec.get('id'), rec.get('name'))]
    if len(disabled) == 1:
        return disabled[0], False
    return None, False


def disable_entry(text, lineno):
    """``text`` with ``disable = yes`` in the block that starts at line ``lineno``
    only; the other lines are kept byte for byte."""
    lines = text.split('\n')
    for block in _disable.xinetd_blocks(text):
        if block['kind'] != 'service':
            continue
        start = lineno - 1
        if not (start < block['open'] and all(
                not lines[i].strip(' \t') or lines[i].lstrip(' \t').startswith('#')
                for i in range(start + 1, block['open']))):
            continue
        part = '\n'.join(lines[start:block['close'] + 1]) + '\n'
        new_part = _disable.set_xinetd_enabled(part, False)
        return '\n'.join(lines[:start] + new_part[:-1].split('\n') + lines[block['close'] + 1:])
    raise Failure('cannot find the entry starting at line %s to disable it' % lineno)


def entry_port(entry, services_file='/etc/services'):
    """The port of an entry xinetd does not run: its port attribute, else /etc/services."""
    attrs = entry.get('attributes') or {}
    if attrs.get('port'):
        try:
            return int(attrs['port'][0])
        except ValueError:
            return None
    socket_type = (attrs.get('socket_type') or ['stream'])[0].lower()
    protocol = (attrs.get('protocol') or [_xinetd_effective.SOCKET_PROTOCOL.get(socket_type, 'tcp')])[0]
    try:
        with open(services_file) as handle:
            db = _xinetd_host.parse_services(handle.read())
    except (IOError, OSError):
        return None
    return db.get((entry.get('name'), protocol.lower()))


def tcp_wrappers_rules():
    for path in ('/etc/hosts.allow', '/etc/hosts.deny'):
        try:
            with open(path) as handle:
                for line in handle:
                    if line.strip() and not line.lstrip().startswith('#'):
                        return True
        except (IOError, OSError):
            continue
    return False


def resolver(hostname):
    try:
        infos = socket.getaddrinfo(hostname, None, 0, socket.SOCK_STREAM)
    except socket.error:
        return []
    out = []
    for info in infos:
        address = info[4][0]
        if address not in out:
            out.append(address)
    return out


def read_text(path):
    try:
        with open(path, 'rb') as handle:
            return handle.read().decode('utf-8', 'surrogateescape' if str is not bytes else 'replace')
    except (IOError, OSError):
        return None


# -- the migration -------------------------------------------------------------------

def run(module, result):
    params = module.params
    systemd = Systemd(module)
    if not os.path.exists(params['path']):
        raise Failure('path: %s does not exist (is xinetd installed?)' % params['path'])
    dummy, hooks = make_host({'services_file': '/etc/services',
                              'host_checks': ['server', 'user', 'group', 'port', 'protocol']})
    eff = _xinetd_effective.load(params['path'], host=hooks)
    entry, active = find_entry(eff, params['name'])
    if entry is None:
        raise Failure('name: %s is not an xinetd service of %s' % (params['name'], params['path']))
    if not active and entry.get('port') is None:
        # xinetd computes no port for an entry it does not run
        entry = dict(entry, port=entry_port(entry))
    plan = units.plan(entry, tcp_wrappers=tcp_wrappers_rules(), resolver=resolver,
                      socket_proxyd=units.SOCKET_PROXYD)
    for warning in plan.warnings:
        module.warn(warning)
    result.update(units=plan.units, socket=plan.socket, notes=plan.notes, xinetd_file=entry['file'],
                  losses=[{'name': n, 'reason': r} for n, r in plan.losses])
    if plan.refusals:
        raise Failure('%s cannot be moved to systemd: %s' % (params['name'], '; '.join(plan.refusals)))
    if plan.listen[2] == 'dgram':
        raise Failure('%s is a dgram service: the proof cannot tell a datagram served from one dropped, '
                      'so the collection does not move it' % params['name'])
    missing = plan.unaccepted(params['accept_loss'])
    if missing:
        raise Failure('%s uses what systemd cannot express: %s. List each name in accept_loss to move it '
                      'anyway' % (params['name'], '; '.join('%s (%s)' % (n, r) for n, r in missing)))

    paths = dict((fname, os.path.join(params['unit_dir'], fname)) for fname in plan.order)
    on_disk = dict((fname, read_text(path)) for fname, path in paths.items())
    xinetd_text = read_text(entry['file'])
    new_xinetd_text = disable_entry(xinetd_text, entry['lineno']) if active else xinetd_text
    if module._diff:
        diff = [dict(before_header=paths[f], after_header=paths[f], before=on_disk[f] or '',
                     after=plan.units[f]) for f in plan.order if on_disk[f] != plan.units[f]]
        if new_xinetd_text != xinetd_text:
            diff.append(dict(before_header=entry['file'], after_header=entry['file'],
                             before=xinetd_text, after=new_xinetd_text))
        result['diff'] = diff

    if not active:
        # The entry is disabled: done before, or never served.
        if all(on_disk[f] == plan.units[f] for f in plan.order):
            if module.check_mode or not systemd.running():
                return
            enabled, state = systemd.state(plan.socket)
            if enabled == 'enabled' and state == 'active':
                return
            raise Failure('%s is already moved (units in place, xinetd entry disabled) but %s is %s and %s'
                          % (params['name'], plan.socket, enabled, state))
        raise Failure('the xinetd entry %s is disabled: there is no running service to prove the socket '
                      'against; enable it in xinetd first' % params['name'])

    if module.check_mode:
        result['changed'] = True
        return

    # -- preconditions ---------------------------------------------------------
    if not systemd.running():
        raise Failure('systemd is not the init system here (no /run/systemd/system or no systemctl)')
    daemon = (_xinetd_daemon.Daemon(pidfiles=(params['pidfile'],), scan=False) if params['pidfile']
              else _xinetd_daemon.Daemon())
    pid = daemon.find()
    if pid is None:
        raise Failure('xinetd is not running: the proof compares the socket with the entry xinetd serves')
    port = int(plan.listen[1])
    if ('tcp', port) not in daemon.listening(pid):
        raise Failure('xinetd (pid %s) does not listen on %s/tcp for %s' % (pid, port, params['name']))
    timeout = params['probe_timeout']
    shadow_port = params['shadow_port'] or free_port()

    # -- IPAddressDeny= enforced? ------------------------------------------------
    if plan.access['allow'] is not None or plan.access['deny']:
        enforced, answer = ip_filtering_enforced(module, systemd, shadow_port, timeout)
        result['ip_filtering'] = enforced
        if not enforced:
            raise Failure('this host does not enforce IPAddressDeny= for socket units: a loopback client '
                          'was %s by a socket with IPAddressDeny=any (unprivileged containers do not get '
                          'the BPF programs it needs). %s would let in clients that only_from/no_access '
                          'keep out; nothing was changed' % (answer, plan.socket))

    # -- the proof on the shadow port -----------------------------------------------
    pairs = probe_pairs(local_addresses(module), plan.listen[0])
    shadow_name, shadow_files = units.shadow(plan, shadow_port)
    probes = []
    try:
        write_runtime_units(shadow_files)
        systemd.must('daemon-reload')
        systemd.must('start', '%s.socket' % shadow_name)
        for source, destination in pairs:
            before = probe(source, destination, port, timeout)
            shadow = probe(source, destination, shadow_port, timeout)
            probes.append(dict(source=source, destination=destination, xinetd=before, shadow=shadow,
                               same=(before in ALLOWED) == (shadow in ALLOWED)))
    finally:
        systemd.run('stop', '%s.socket' % shadow_name)
        remove_runtime_units(shadow_files)
        systemd.run('daemon-reload')
    result['probes'] = probes
    differ = [p for p in probes if not p['same']]
    if differ:
        raise Failure('the proof failed: %s; nothing was changed' % '; '.join(
            'from %s to %s xinetd answered %s, the socket %s'
            % (p['source'], p['destination'], p['xinetd'], p['shadow']) for p in differ))
    if not [p for p in probes if p['xinetd'] in ALLOWED]:
        module.warn('no probe source is let in by xinetd, so the proof only shows that the socket keeps '
                    'the same addresses out')

    # -- cutover -------------------------------------------------------------------
    state = _fileops.snapshot(list(paths.values()) + [entry['file']])
    cutover_msg = None
    try:
        for fname in plan.order:
            if on_disk[fname] != plan.units[fname]:
                _fileops.atomic_write(paths[fname], plan.units[fname], mode=0o644)
        _fileops.atomic_write(entry['file'], new_xinetd_text, mode=None)
        daemon.reload(pid)
        if not wait_port(lambda: ('tcp', port) not in daemon.listening(pid)):
            raise Failure('xinetd (pid %s) still listens on %s/tcp after the reload' % (pid, port))
        systemd.must('daemon-reload')
        systemd.must('enable', '--now', plan.socket)
        for item in probes:
            item['socket'] = probe(item['source'], item['destination'], port, timeout)
        changed = [p for p in probes if (p['socket'] in ALLOWED) != (p['xinetd'] in ALLOWED)]
        if changed:
            cutover_msg = 'after the cutover the real port answered differently: %s' % '; '.join(
                'from %s xinetd answered %s, %s %s' % (p['source'], p['xinetd'], plan.socket, p['socket'])
                for p in changed)
    except (Failure, _fileops.FileOpsError, _xinetd_daemon.DaemonError, OSError, IOError) as exc:
        cutover_msg = 'the cutover failed: %s' % to_native(exc)
    if cutover_msg is None:
        result['changed'] = True
        return
    # -- roll back ---------------------------------------------------------------------
    systemd.run('disable', '--now', plan.socket)
    _fileops.restore(state)
    systemd.run('daemon-reload')
    try:
        daemon.reload(pid)
    except _xinetd_daemon.DaemonError as exc:
        cutover_msg += '; reloading xinetd after the rollback failed: %s' % exc
    result['rolled_back'] = True
    raise Failure('%s; the socket was stopped and disabled, the files put back and xinetd reloaded'
                  % cutover_msg)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='str', required=True),
            accept_loss=dict(type='list', elements='str', default=[]),
            path=dict(type='path', default='/etc/xinetd.conf'),
            unit_dir=dict(type='path', default='/etc/systemd/system'),
            shadow_port=dict(type='int'),
            probe_timeout=dict(type='float', default=2.0),
            pidfile=dict(type='path'),
        ),
        supports_check_mode=True,
    )
    result = dict(changed=False, rolled_back=False, units={}, losses=[], notes=[], xinetd_file=None,
                  socket=None)
    try:
        run(module, result)
    except Failure as exc:
        result.update(exc.extra)
        module.fail_json(msg=to_native(exc), **result)
    except (_fileops.FileOpsError, _xinetd_daemon.DaemonError, IOError, OSError) as exc:
        module.fail_json(msg='%s: %s' % (module.params['name'], to_native(exc)), **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
