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
version_added: 0.1.0
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
    started on the real port. The same probes are then made to the real port."
  - "Rollback after the cutover: when the real port answers a probe differently from xinetd (for example a
    drop-in of C(NAME.socket), which the shadow unit does not get, changes who is let in), or the socket does
    not start on the real port (for example another program took the port), the cutover is undone:
    C(NAME.socket) is stopped and disabled (enabled again if it was before), the services it started are
    stopped, the unit files are removed (or put back as they were), the xinetd file is put back byte for
    byte, systemd is reloaded, and xinetd is reloaded and must listen on the port again. The task then fails
    with the probes that differed, and the result's RV(rolled_back) and RV(restored) say what was
    undone."
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
  description: True when the cutover was undone because the real port answered differently or the socket
    did not start on it.
  returned: always
  type: bool
restored:
  description: What the rollback undid, one sentence per step (units stopped and disabled, files removed or
    put back, systemd and xinetd reloaded, xinetd listening again).
  returned: when the cutover was rolled back
  type: list
  elements: str
  sample: ["telnet.socket stopped and disabled", "telnet@*.service stopped", "/etc/xinetd.d/telnet put back",
           "/etc/systemd/system/telnet.socket removed", "systemd reloaded (daemon-reload)",
           "xinetd reloaded (systemd)", "xinetd listening on 23/tcp again"]
'''

import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.sysv.services.plugins.module_utils import _import_once
_import_once.install()  # before the engine: one compile per module (see _import_once)

from ansible_collections.sysv.services.plugins.module_utils import _fileops
from ansible_collections.sysv.services.plugins.module_utils._xinetd import daemon as _xinetd_daemon
from ansible_collections.sysv.services.plugins.module_utils._xinetd import effective as _xinetd_effective
from ansible_collections.sysv.services.plugins.module_utils._xinetd import migrate
from ansible_collections.sysv.services.plugins.module_utils._xinetd.converge import make_host


def run(module, result):
    """The steps of _xinetd/migrate.py in order (see there)."""
    params = module.params
    if not os.path.exists(params['path']):
        raise migrate.Failure('path: %s does not exist (is xinetd installed?)' % params['path'])
    dummy, hooks = make_host({'services_file': '/etc/services',
                              'host_checks': ['server', 'user', 'group', 'port', 'protocol']})
    mig = migrate.Migration(params, migrate.Tools(module), result)
    mig.select(_xinetd_effective.load(params['path'], host=hooks))
    mig.make_plan()
    mig.read_files()
    if module._diff:
        result['diff'] = mig.diff()
    if not mig.active:
        # The entry is disabled: done before, or never served.
        mig.settled(module.check_mode)
        return
    # read-only: systemd is the init system, xinetd runs and listens for the
    # entry; in check mode too, so that a run that would stop here is not
    # reported as a change (the IP filtering check starts a probe socket
    # unit, so it runs for real only)
    mig.preconditions()
    if module.check_mode:
        result['changed'] = True
        return
    mig.check_ip_filtering()
    mig.prove()
    reason = mig.cut_over()
    if reason is not None:
        mig.roll_back(reason)
    result['changed'] = True


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
    except migrate.Failure as exc:
        result.update(exc.extra)
        module.fail_json(msg=to_native(exc), **result)
    except (_fileops.FileOpsError, _xinetd_daemon.DaemonError, IOError, OSError) as exc:
        module.fail_json(msg='%s: %s' % (module.params['name'], to_native(exc)), **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
