#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xinetd_info
short_description: The effective xinetd configuration and its problems
version_added: 0.1.0
description:
  - Reads C(/etc/xinetd.conf) the way xinetd does (includes and C(includedir) followed with xinetd's skip
    rules, C(defaults) merged, C(=), C(+=) and C(-=) applied) and returns what xinetd would run.
  - Returns a list of problems - files C(includedir) skips, unknown attributes, bad values, lines xinetd
    ignores, duplicate ids, ports that do not match C(/etc/services), users, groups or servers missing on the
    host - an audit of a host nobody documented.
  - Reports whether xinetd runs and the ports it listens on.
author:
  - sysv.services maintainers (@sysv-services)
extends_documentation_fragment:
  - sysv.services.attributes
  - sysv.services.attributes.INFO_MODULE
  - sysv.services.xinetd_locations
  - sysv.services.xinetd_locations.MAIN_FILE
options:
  services_file:
    description:
      - The services database used for port checks.
    type: path
    default: /etc/services
  host_checks:
    description:
      - Checks against the host (see M(sysv.services.xinetd_service)). Leave some out to audit files prepared
        for another system.
    type: list
    elements: str
    choices: [server, user, group, port, protocol, hosts]
    default: [server, user, group, port, protocol, hosts]
seealso:
  - module: sysv.services.xinetd_service
  - module: sysv.services.chkconfig_info
'''

EXAMPLES = r'''
- name: Audit xinetd
  sysv.services.xinetd_info:
  register: xinetd

- name: Fail on anything xinetd would drop or misread
  ansible.builtin.assert:
    that: xinetd.problems | selectattr('severity', 'in', ['error', 'fatal']) | list | length == 0
    fail_msg: "{{ xinetd.problems | map(attribute='message') | list }}"

- name: Show which services run and on which ports
  ansible.builtin.debug:
    msg: "{{ xinetd.services | dict2items | map(attribute='value') | map(attribute='port') | list }}"
'''

RETURN = r'''
services:
  description: The entries xinetd runs, by id (C(name), C(id), C(file), C(lineno), C(port), C(protocol),
    C(enabled), C(attributes) - the values after defaults and operators, as lists).
  returned: always
  type: dict
  sample: {"telnet": {"name": "telnet", "id": "telnet", "file": "/etc/xinetd.d/telnet", "port": 23,
           "protocol": "tcp", "enabled": true, "attributes": {"socket_type": ["stream"], "wait": ["no"]}}}
inactive:
  description: Entries xinetd parses but does not run, with C(state) (disabled or dropped) and C(reason).
  returned: always
  type: list
  elements: dict
defaults:
  description: The merged defaults.
  returned: always
  type: dict
files:
  description: The files read, in order.
  returned: always
  type: list
  elements: str
ignored_files:
  description:
    - Files C(includedir) does not load (names with a C(.) or ending in C(~), such as C(telnet.rpmsave)).
    - Named C(ignored_files) and not C(skipped), which Ansible reads as the task's own skipped status.
  returned: always
  type: list
  elements: str
  sample: [/etc/xinetd.d/telnet.rpmsave]
problems:
  description:
    - Findings, each with C(file), C(lineno), C(code), C(message), C(severity), C(effect) (what xinetd does
      about it - C(service-dropped), C(value-dropped), C(line-ignored), C(lines-lost), C(xinetd-exits) or
      C(none)), C(service), C(attribute) and C(value).
    - C(severity) is C(fatal) (xinetd exits), C(error) (xinetd drops or misreads something), C(warning)
      (xinetd ignores something, or accepts a value that likely does not mean what was meant) or C(info)
      (a fact worth knowing, such as C(10.0.0.0) being a /8 wildcard, or a file C(includedir) ignores).
  returned: always
  type: list
  elements: dict
xinetd_exits:
  description: Whether xinetd would exit on this configuration (a bad value in C(defaults)).
  returned: always
  type: bool
running:
  description: The pid of the running xinetd, or null.
  returned: always
  type: int
listening:
  description: The C([protocol, port]) pairs the running xinetd listens on.
  returned: always
  type: list
  elements: list
'''

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.sysv.services.plugins.module_utils import _import_once
_import_once.install()  # before the engine: one compile per module (see _import_once)

from ansible_collections.sysv.services.plugins.module_utils._xinetd import effective as _xinetd_effective
from ansible_collections.sysv.services.plugins.module_utils._xinetd.converge import (
    HOST_CHECKS,
    make_daemon,
    make_host,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type='path', default='/etc/xinetd.conf'),
            services_file=dict(type='path', default='/etc/services'),
            host_checks=dict(type='list', elements='str', choices=list(HOST_CHECKS),
                             default=list(HOST_CHECKS)),
            pidfile=dict(type='path'),
        ),
        supports_check_mode=True,
    )
    params = module.params
    if not os.path.exists(params['path']):
        module.fail_json(msg='path: %s does not exist (is xinetd installed?)' % params['path'])
    host, hooks = make_host(params)
    services_file = params['services_file'] if 'port' in params['host_checks'] else None
    eff = _xinetd_effective.load(params['path'], host=hooks, services_file=services_file)
    daemon = make_daemon(params)
    pid = daemon.find()
    listening = sorted([list(item) for item in daemon.listening(pid)]) if pid else []
    result = eff.to_dict()
    # 'skipped' would make Ansible show the task as skipped.
    result['ignored_files'] = result.pop('skipped', [])
    result.update(changed=False, running=pid, listening=listening)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
