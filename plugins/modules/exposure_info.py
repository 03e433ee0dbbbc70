#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exposure_info
short_description: Who may reach which xinetd service on this host, from where and when, with CIS and STIG checks
version_added: 0.1.0
description:
  - Collects in one run the effective xinetd configuration (as M(sysv.services.xinetd_info) reads it), the
    runlevel table (as M(sysv.services.chkconfig_info) reads it), the listening sockets
    (C(/proc/net/tcp), C(tcp6), C(udp), C(udp6)) with the process holding each, C(hosts.allow) and
    C(hosts.deny), and the state of the packages the checks name.
  - For every xinetd entry it reports port, protocol and C(bind); who may connect (C(only_from) and
    C(no_access) as effective, defaults merged, and the TCP wrappers checks that apply, with the daemon
    name they use); when (C(access_times)); the limits (C(instances), C(per_source), C(cps)); and whether
    xinetd really listens on the port.
  - Also evaluates CIS Red Hat Enterprise Linux 6 Benchmark v2.0.2 2.1.1 to 2.1.11 and the RHEL 6 STIG
    checks RHEL-06-000203, 000204, 000206, 000211, 000213, 000214, 000216, 000218, 000222, 000223 and
    000338, each as pass or fail with its evidence (file and line, or the command output).
  - The C(sysv.services.exposure_report) role runs this module once per host and writes the fleet report on
    the controller.
author:
  - sysv.services maintainers (@sysv-services)
extends_documentation_fragment:
  - sysv.services.attributes
  - sysv.services.attributes.INFO_MODULE
  - sysv.services.xinetd_locations
options:
  path:
    description:
      - The main xinetd configuration file. When it does not exist, the host has no xinetd services.
    type: path
    default: /etc/xinetd.conf
  xinetd_dir:
    description:
      - The xinetd service directory that C(chkconfig --list) reads (for the checks' evidence).
    type: path
    default: /etc/xinetd.d
  services_file:
    description:
      - The services database used to find the port of a listed service.
    type: path
    default: /etc/services
  hosts_allow:
    description:
      - The TCP wrappers allow file.
    type: path
    default: /etc/hosts.allow
  hosts_deny:
    description:
      - The TCP wrappers deny file.
    type: path
    default: /etc/hosts.deny
seealso:
  - module: sysv.services.xinetd_info
  - module: sysv.services.chkconfig_info
  - module: sysv.services.exposure_render
notes:
  - C(only_from) and C(no_access) host names are resolved on the host, as xinetd does when it reads its
    configuration. A C(.domain) pattern, or a TCP wrappers pattern that needs a host name (C(LOCAL),
    C(KNOWN), a host name, a netgroup), makes the answer for a client C(unknown) rather than a guess.
  - Whether xinetd itself checks TCP wrappers depends on its build; the module reads it from the running
    xinetd's memory map, else from the xinetd binary.
'''

EXAMPLES = r'''
- name: Read the exposure of each host
  sysv.services.exposure_info:
  register: exposure

- name: Fail when telnet is open to every address
  ansible.builtin.assert:
    that: (exposure.exposure.services.telnet.exposure | default('off')) != 'open'

- name: Failed checks
  ansible.builtin.debug:
    msg: "{{ exposure.exposure.checks | selectattr('status', 'eq', 'fail') | map(attribute='id') | list }}"
'''

RETURN = r'''
exposure:
  description:
    - The host's part of the report; docs/exposure-report-schema.md in the collection describes every field.
    - C(services) maps each xinetd id to port, protocol, bind, enabled, only_from (null when not set),
      no_access, access_times, instances, per_source, cps, tcp_wrappers, listening, sockets, who and
      exposure (off, not-listening, local, restricted or open).
    - C(checks) is a list of C({id, title, status, evidence}) with status pass or fail.
  returned: always
  type: dict
  sample:
    schema_version: 1
    addresses: [127.0.0.1, 10.89.0.2]
    services:
      telnet: {port: 23, protocol: tcp, enabled: true, only_from: [127.0.0.1, 10.89.0.3], no_access: [],
               access_times: [], instances: 5, per_source: 2, cps: [10, 30], listening: true,
               exposure: restricted}
    checks:
      - {id: CIS 2.1.8, title: telnet server is not enabled, status: fail,
         evidence: ['/etc/xinetd.d/telnet:1 service telnet (id telnet) is served by xinetd']}
'''

import os
import socket
import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.sysv.services.plugins.module_utils import _import_once
_import_once.install()  # before the engine: one compile per module (see _import_once)

from ansible_collections.sysv.services.plugins.module_utils._exposure import access as _exposure_access
from ansible_collections.sysv.services.plugins.module_utils._exposure import checks as _exposure_checks
from ansible_collections.sysv.services.plugins.module_utils._exposure import host as _exposure_host
from ansible_collections.sysv.services.plugins.module_utils._exposure import sockets as _exposure_sockets
from ansible_collections.sysv.services.plugins.module_utils._sysv import lsb as _lsb
from ansible_collections.sysv.services.plugins.module_utils._sysv import rclinks as _rclinks
from ansible_collections.sysv.services.plugins.module_utils._sysv import runlevels as _runlevels
from ansible_collections.sysv.services.plugins.module_utils._xinetd import disable as _disable
from ansible_collections.sysv.services.plugins.module_utils._xinetd import effective as _xinetd_effective
from ansible_collections.sysv.services.plugins.module_utils._xinetd import host as _xinetd_host
from ansible_collections.sysv.services.plugins.module_utils._xinetd.daemon import socket_inodes
from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import classify_address
from ansible_collections.sysv.services.plugins.module_utils._xinetd.daemon import find_executable
from ansible_collections.sysv.services.plugins.module_utils._xinetd.converge import (
    HOST_CHECKS,
    make_daemon,
    make_host,
)

C_ENV = {'LC_ALL': 'C', 'LANG': 'C', 'LANGUAGE': 'C'}
PROC = '/proc'


def read_text(path):
    try:
        with open(path, 'rb') as handle:
            return to_text(handle.read(), errors='surrogate_or_replace')
    except (IOError, OSError):
        return None


def socket_owners(xinetd_pid):
    """{inode: {'pid', 'comm'}}; xinetd wins over its children for a shared socket."""
    owners = {}
    try:
        pids = [int(p) for p in os.listdir(PROC) if p.isdigit()]
    except OSError:
        return owners
    pids.sort(key=lambda p: (p != xinetd_pid, p))
    for pid in pids:
        inodes = socket_inodes(pid, PROC)
        if not inodes:
            continue
        comm = (read_text(os.path.join(PROC, str(pid), 'comm')) or '').strip() or None
        for inode in inodes:
            owners.setdefault(inode, {'pid': pid, 'comm': comm})
    return owners


def read_sockets(xinetd_pid):
    owners = socket_owners(xinetd_pid)
    sockets = []
    for table in ('tcp', 'tcp6', 'udp', 'udp6'):
        for s in _exposure_sockets.parse_sockets(read_text(os.path.join(PROC, 'net', table)), table):
            if s['inode'] in owners:
                s['owner'] = owners[s['inode']]
            sockets.append(s)
    return sockets


def libwrap_state(pid):
    if pid:
        maps = read_text(os.path.join(PROC, str(pid), 'maps'))
        if maps is not None:
            libs = sorted(set(line.split()[-1] for line in maps.splitlines()
                              if 'libwrap' in line and '/' in line))
            if libs:
                return True, 'the running xinetd (pid %s) has %s mapped' % (pid, libs[0])
            return False, 'the running xinetd (pid %s) has no libwrap library mapped' % pid
    binary = find_executable('xinetd')
    if binary:
        try:
            with open(binary, 'rb') as handle:
                data = handle.read()
        except (IOError, OSError):
            data = None
        if data is not None:
            if b'libwrap.so' in data:
                return True, '%s is linked with libwrap' % binary
            return False, '%s is not linked with libwrap' % binary
    return None, 'no running xinetd and no xinetd binary to read: unknown'


def resolve_names(effective):
    names = set()
    for rec in list(effective['services'].values()) + list(effective['inactive']):
        for key in ('only_from', 'no_access'):
            for v in rec.get('attributes', {}).get(key) or []:
                if classify_address(v)[0] == 'hostname':
                    names.add(v)
    resolved = {}
    for name in sorted(names):
        try:
            resolved[name] = sorted(set(info[4][0] for info in socket.getaddrinfo(name, None)))
        except (socket.error, UnicodeError):
            resolved[name] = []
    return resolved


def sysv_table(layout):
    sysv = {}
    for name in _runlevels.list_init_scripts(layout):
        try:
            _lsb.read_service_info(layout, name, resolve_lsb=False)
        except (_runlevels.RunlevelError, IOError, OSError):
            continue
        links = _rclinks.read_links(layout, name)
        if _rclinks.configured_levels(links):
            sysv[name] = {'runlevels': _rclinks.table(links)}
    return sysv


def xinetd_boot(module, layout, sysv):
    if _runlevels.systemd_is_init('/'):
        unit = _runlevels.systemd_unit('/', 'xinetd')
        systemctl = module.get_bin_path('systemctl') if unit else None
        if systemctl:
            rc, out, err = module.run_command([systemctl, 'is-enabled', unit], environ_update=C_ENV)
            state = (out or err).strip().split('\n')[0]
            return {'enabled': state in ('enabled', 'enabled-runtime', 'alias'),
                    'evidence': 'systemctl is-enabled %s: %s' % (unit, state)}
    if 'xinetd' not in sysv:
        if os.path.isfile(layout.script('xinetd')):
            return {'enabled': False, 'evidence': '%s has no start or stop link in any runlevel'
                    % layout.script('xinetd')}
        return {'enabled': False, 'evidence': 'no xinetd init script (%s)' % layout.script('xinetd')}
    links = _rclinks.read_links(layout, 'xinetd')
    starts = ['%s/%s' % (layout.rc_dir(level), entry[0])
              for level in sorted(links) for entry in links[level] if entry[1] == 'S']
    if starts:
        return {'enabled': True, 'evidence': 'xinetd starts at boot: %s' % ', '.join(starts)}
    return {'enabled': False, 'evidence': 'xinetd is off in every runlevel (%s)'
            % ' '.join('%s:%s' % kv for kv in sorted(sysv['xinetd']['runlevels'].items()))}


def query_packages(module):
    wanted = dict((rhel, list(_exposure_checks.PACKAGE_EQUIVALENTS[rhel]))
                  for rhel in ('telnet-server', 'rsh-server', 'tftp-server', 'xinetd'))
    rpm = module.get_bin_path('rpm')
    dpkg = module.get_bin_path('dpkg-query')
    result = {}
    if dpkg and os.path.isdir('/var/lib/dpkg'):
        names = sorted(set(n for v in wanted.values() for n in v))
        argv = [dpkg, '-W', '-f', '${Package} ${Status}\\n'] + names
        rc, out, err = module.run_command(argv, environ_update=C_ENV)
        state = _exposure_checks.parse_dpkg_query(out, err, names)
        lines = dict((line.split()[0].split(':')[0], line) for line in out.splitlines() if line.split())
        for rhel, debs in wanted.items():
            hits = [n for n in debs if state.get(n)]
            shown = '; '.join(lines.get(n, '%s not installed' % n) for n in debs)
            result[rhel] = {'installed': bool(hits),
                            'evidence': 'dpkg-query -W %s: %s' % (' '.join(debs), shown)}
        return result
    if rpm:
        names = sorted(wanted)
        rc, out, err = module.run_command([rpm, '-q'] + names, environ_update=C_ENV)
        state = _exposure_checks.parse_rpm_query(out, names)
        for name in names:
            line = [ln for ln in out.splitlines() if name in ln]
            result[name] = {'installed': state.get(name),
                            'evidence': 'rpm -q %s: %s' % (name, line[0] if line else (err or out).strip())}
    return result


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type='path', default='/etc/xinetd.conf'),
            xinetd_dir=dict(type='path', default='/etc/xinetd.d'),
            services_file=dict(type='path', default='/etc/services'),
            hosts_allow=dict(type='path', default='/etc/hosts.allow'),
            hosts_deny=dict(type='path', default='/etc/hosts.deny'),
            pidfile=dict(type='path'),
        ),
        supports_check_mode=True,
    )
    params = module.params
    daemon = make_daemon(params)
    pid = daemon.find()
    effective = None
    if os.path.exists(params['path']):
        _host, hooks = make_host(dict(services_file=params['services_file'], host_checks=list(HOST_CHECKS)))
        effective = _xinetd_effective.load(params['path'], host=hooks,
                                           services_file=params['services_file']).to_dict()
    if effective:
        # the loader looks ports up for active entries only; show them for the others too
        services_db = _xinetd_host.parse_services(read_text(params['services_file']))
        for rec in effective['inactive']:
            if rec.get('port') is None and rec.get('protocol'):
                port = (rec.get('attributes', {}).get('port') or [None])[0]
                try:
                    rec['port'] = int(port) if port is not None else \
                        services_db.get((rec.get('name'), rec.get('protocol')))
                except ValueError:
                    rec['port'] = None
    resolved = resolve_names(effective) if effective else {}
    libwrap, libwrap_evidence = libwrap_state(pid)
    allow_rules = _exposure_access.parse_hosts_access(read_text(params['hosts_allow']), params['hosts_allow'])
    deny_rules = _exposure_access.parse_hosts_access(read_text(params['hosts_deny']), params['hosts_deny'])
    layout = _runlevels.Layout('/', xinetd_dir=params['xinetd_dir'])
    sysv = sysv_table(layout)
    boot = xinetd_boot(module, layout, sysv)
    chkconfig_view = {}
    for name in _runlevels.list_xinetd_services(layout):
        text = read_text(os.path.join(layout.xinetd_dir, name))
        if text is not None:
            chkconfig_view[name] = _disable.chkconfig_xinetd_enabled(text)
    addresses = _exposure_sockets.parse_fib_trie(read_text(os.path.join(PROC, 'net', 'fib_trie'))) + \
        _exposure_sockets.parse_if_inet6(read_text(os.path.join(PROC, 'net', 'if_inet6')))
    now = time.localtime()
    report = _exposure_host.host_report(
        effective, read_sockets(pid), pid, libwrap, libwrap_evidence, resolved,
        allow_rules, deny_rules, boot, query_packages(module), sysv, chkconfig_view,
        addresses, now.tm_hour * 60 + now.tm_min, time.strftime('%Y-%m-%dT%H:%M:%S%z', now))
    for p in report['xinetd']['problems']:
        if p.get('severity') == 'fatal':
            module.warn('%s:%s %s' % (p.get('file'), p.get('lineno'), p.get('message')))
    module.exit_json(changed=False, exposure=report)


if __name__ == '__main__':
    main()
