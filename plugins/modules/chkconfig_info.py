#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: chkconfig_info
short_description: The chkconfig --list table as data, init scripts and xinetd services alike
version_added: 0.1.0
description:
  - Reports what C(chkconfig --list) shows, as data, on hosts with or without the C(chkconfig)
    binary. Init script services get their runlevel table and xinetd services their on/off
    state.
  - Init scripts are listed like chkconfig lists them. A script appears when it has a usable
    C(# chkconfig:) or LSB header and at least one C(S)/C(K) link. A level is C(on) when it has
    an C(S) link. Scripts without a usable header are listed under I(unsupported), and scripts
    with no link under I(unconfigured).
  - Unlike C(chkconfig --list), which shows its xinetd section only while xinetd itself is
    enabled, xinetd services are always reported, with the top-level I(xinetd_enabled) flag.
    Their state is what xinetd does (for example C(DISABLE = YES) is off), not chkconfig's
    reading of the C(disable) line.
  - With the C(chkconfig) binary (and I(root) C(/)), the init script table is parsed from
    C(LC_ALL=C chkconfig --list); the parser also reads translated listings (for example
    Korean C(3:활성)).
options:
  root:
    description:
      - Directory to treat as C(/), for chroots and image builds.
    type: path
    default: /
  backend:
    description:
      - C(auto) uses the C(chkconfig) binary when it is on the path and I(root) is C(/), else
        C(native).
      - C(native) reads headers and links itself, on the RHEL (C(/etc/rc.d/rcN.d)) and Debian
        (C(/etc/rcN.d)) layouts.
    type: str
    choices: [auto, chkconfig, native]
    default: auto
extends_documentation_fragment:
  - sysv.services.attributes
  - sysv.services.attributes.INFO_MODULE
  - sysv.services.xinetd_locations.SERVICE_DIR
seealso:
  - module: sysv.services.chkconfig
author:
  - sysv.services maintainers (@sysv-services)
'''

EXAMPLES = r'''
- name: Read the boot configuration
  sysv.services.chkconfig_info:
  register: boot

- name: Fail when telnet is served by xinetd
  ansible.builtin.assert:
    that: not (boot.services.telnet.enabled | default(false))

- name: Services started in runlevel 3
  ansible.builtin.debug:
    msg: "{{ boot.services | dict2items | selectattr('value.kind', 'eq', 'sysv')
             | selectattr('value.runlevels.3', 'eq', 'on') | map(attribute='key') | list }}"
'''

RETURN = r'''
services:
  description:
    - Every listed service.
    - 'An init script as C({"kind": "sysv", "runlevels": {"0": "off", ..., "6": "off"}}), an xinetd
      service as C({"kind": "xinetd", "enabled": true}).'
  returned: always
  type: dict
  sample:
    sshd: {"kind": "sysv", "runlevels": {"0": "off", "1": "off", "2": "on", "3": "on", "4": "on", "5": "on", "6": "off"}}
    telnet: {"kind": "xinetd", "enabled": true}
xinetd_enabled:
  description:
    - Whether xinetd itself starts at boot (when chkconfig would show its xinetd section). It has an
      C(S) link in some runlevel or, on a systemd host with an C(xinetd) unit, C(systemctl is-enabled) says so.
  returned: always
  type: bool
  sample: true
xinetd_services:
  description: Per xinetd file, the service blocks in it and whether xinetd runs each.
  returned: always
  type: dict
  sample: {"echo": [{"name": "echo", "enabled": false}, {"name": "echo", "enabled": false}]}
unconfigured:
  description: Init scripts with a usable header but no link in any runlevel (chkconfig --list omits them).
  returned: always
  type: list
  elements: str
  sample: [httpd]
unsupported:
  description: Init scripts chkconfig cannot manage (no usable header).
  returned: always
  type: list
  elements: str
  sample: [rc.local]
layout:
  description: C(rhel) or C(debian).
  returned: always
  type: str
  sample: debian
list:
  description:
    - The lines of C(chkconfig --list), as users know them, so C(debug var=result.list) prints the table.
    - With O(backend=chkconfig) (or V(auto) where the binary exists) the lines it printed; otherwise the
      same table built from the links and files, in chkconfig's format (the C(xinetd based services:) part
      only when xinetd itself starts at boot, as chkconfig does).
  returned: always
  type: list
  elements: str
  sample:
    - "sshd           \t0:off\t1:off\t2:on\t3:on\t4:on\t5:on\t6:off"
    - "xinetd         \t0:off\t1:off\t2:off\t3:on\t4:on\t5:on\t6:off"
    - ""
    - "xinetd based services:"
    - "\ttelnet:        \ton"
backend:
  description: C(chkconfig) when the table came from the binary, else C(native).
  returned: always
  type: str
  sample: native
'''

import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.sysv.services.plugins.module_utils import _import_once
_import_once.install()  # before the engine: one compile per module (see _import_once)

from ansible_collections.sysv.services.plugins.module_utils._sysv import listing as _listing
from ansible_collections.sysv.services.plugins.module_utils._sysv import lsb as _lsb
from ansible_collections.sysv.services.plugins.module_utils._sysv import rclinks as _rclinks
from ansible_collections.sysv.services.plugins.module_utils._sysv import runlevels as _runlevels
from ansible_collections.sysv.services.plugins.module_utils._xinetd import disable as _disable

C_ENV = {'LC_ALL': 'C', 'LANG': 'C', 'LANGUAGE': 'C'}


def native_sysv(layout):
    services, unconfigured, unsupported = {}, [], []
    for name in _runlevels.list_init_scripts(layout):
        try:
            _lsb.read_service_info(layout, name, resolve_lsb=False)
        except (_runlevels.RunlevelError, IOError, OSError):
            unsupported.append(name)
            continue
        links = _rclinks.read_links(layout, name)
        if not _rclinks.configured_levels(links):
            unconfigured.append(name)
            continue
        services[name] = {'kind': 'sysv', 'runlevels': _rclinks.table(links)}
    return services, unconfigured, unsupported


def xinetd_services(layout):
    services, blocks = {}, {}
    for name in _runlevels.list_xinetd_services(layout):
        try:
            text = _runlevels.read_xinetd_file(layout, name)
        except (IOError, OSError):
            continue
        services[name] = {'kind': 'xinetd', 'enabled': _disable.xinetd_enabled(text)}
        blocks[name] = [{'name': n, 'enabled': e} for n, e in _disable.xinetd_states(text)]
    return services, blocks


def list_lines(sysv, xinetd, xinetd_enabled):
    """``chkconfig --list`` as lines, from the tables read natively."""
    lines = [_listing.format_table(sysv[name]['runlevels'], name).rstrip('\n') for name in sorted(sysv)]
    if xinetd_enabled and xinetd:
        lines.extend(['', 'xinetd based services:'])
        lines.extend('\t%-15s\t%s' % (name + ':', 'on' if xinetd[name]['enabled'] else 'off')
                     for name in sorted(xinetd))
    return lines


def main():
    module = AnsibleModule(
        argument_spec=dict(
            root=dict(type='path', default='/'),
            xinetd_dir=dict(type='path', default='/etc/xinetd.d'),
            backend=dict(type='str', default='auto', choices=['auto', 'chkconfig', 'native']),
        ),
        supports_check_mode=True,
    )
    root = module.params['root'] or '/'
    if not os.path.isdir(root):
        module.fail_json(msg='root: %s is not a directory' % root)
    layout = _runlevels.Layout(root, xinetd_dir=module.params['xinetd_dir'])
    on_root = os.path.abspath(root) == '/'
    binary = None
    if module.params['backend'] == 'chkconfig':
        if not on_root:
            module.fail_json(msg='backend: chkconfig works on / only (root=%s); use backend native' % root)
        binary = module.get_bin_path('chkconfig', required=True)
    elif module.params['backend'] == 'auto' and on_root:
        binary = module.get_bin_path('chkconfig')

    sysv, unconfigured, unsupported = native_sysv(layout)
    backend = 'native'
    listing = None
    if binary:
        rc, out, err = module.run_command([binary, '--list'], environ_update=C_ENV)
        if rc != 0:
            module.fail_json(msg='chkconfig --list failed (rc %s): %s' % (rc, (err or out).strip()))
        listing = to_text(out).rstrip('\n').split('\n') if out.strip() else []
        parsed = _listing.parse_list_output(to_text(out))
        if parsed['unknown_words']:
            module.warn('chkconfig --list printed words that are neither on nor off: %s'
                        % ', '.join(sorted(set(parsed['unknown_words']))))
        sysv = dict((name, entry) for name, entry in parsed['services'].items() if entry['kind'] == 'sysv')
        backend = 'chkconfig'
    xinetd, blocks = xinetd_services(layout)
    services = dict(xinetd)
    services.update(sysv)       # init.d wins over xinetd.d, as chkconfig looks there first
    xinetd_enabled = False
    unit = _runlevels.systemd_unit(root, 'xinetd') if _runlevels.systemd_is_init(root) else None
    systemctl = module.get_bin_path('systemctl') if unit else None
    if systemctl:
        # chkconfig shows its xinetd section when xinetd is systemd-enabled too
        argv = [systemctl] + ([] if on_root else ['--root=%s' % root]) + ['is-enabled', unit]
        rc, out, err = module.run_command(argv, environ_update=C_ENV)
        xinetd_enabled = out.strip().split('\n')[0] in ('enabled', 'enabled-runtime', 'alias')
    elif os.path.isfile(layout.script('xinetd')):
        xinetd_enabled = 'on' in _rclinks.table(_rclinks.read_links(layout, 'xinetd')).values()
    elif 'xinetd' in sysv:
        xinetd_enabled = 'on' in sysv['xinetd']['runlevels'].values()
    if listing is None:
        listing = list_lines(sysv, xinetd, xinetd_enabled)
    module.exit_json(changed=False, services=services, xinetd_enabled=xinetd_enabled, list=listing,
                     xinetd_services=blocks, unconfigured=unconfigured, unsupported=unsupported,
                     layout=layout.kind, backend=backend)


if __name__ == '__main__':
    main()
