#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xinetd_role
short_description: The one task of the xinetd and telnet_hardening roles, from their variables
version_added: 0.2.0
description:
  - The task the C(sysv.services.xinetd) role runs, and with it C(sysv.services.telnet_hardening). An action
    plugin - it takes its inputs from the role variables (C(xinetd_*), and C(telnet_hardening_*) when
    C(xinetd_extra_role=telnet_hardening)), merges them on the controller and runs one
    M(sysv.services.xinetd_config) module per host. Outside those roles, call
    M(sysv.services.xinetd_config) itself.
  - Why a task of its own. Ansible compiles every templated argument of a task again in each host's
    worker on every run, and starts a worker per host for every task, even one it skips. Read here, values
    that are plain data cost no compile, and the steps a run does not ask for cost nothing.
  - The steps, each only when asked for, in this order. With C(telnet_hardening) - the refusal of an empty
    C(telnet_hardening_only_from) while telnet is to be served, the banner file (M(ansible.builtin.copy)),
    C(telnet.socket) stopped and disabled (M(ansible.builtin.systemd_service); a host without the unit is
    fine). With O(upgrade=true) and C(xinetd_package_state=latest) - the packages upgraded
    (M(ansible.builtin.package); values by package family are resolved with the host's
    C(ansible_pkg_mgr), one M(ansible.builtin.setup) run, and a mapping without the host's family is
    left out, as the install leaves it out). With C(telnet_hardening_tcp_wrappers) - the
    telnet lines of C(/etc/hosts.allow) and C(/etc/hosts.deny) (M(ansible.builtin.lineinfile)). Then the
    M(sysv.services.xinetd_config) run. A failed step stops the task; the steps before it stay done.
  - The result is the M(sysv.services.xinetd_config) result; when other steps ran, their results are in
    RV(steps), C(changed) is true when any step changed something, and the diffs of every step are shown.
author:
  - sysv.services maintainers (@sysv-services)
extends_documentation_fragment:
  - sysv.services.attributes
  - sysv.services.attributes.IDEMPOTENT
attributes:
  check_mode:
    support: full
    details:
      - Every step runs in check mode.
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  upgrade:
    description:
      - Honour C(xinetd_package_state=latest) (the xinetd role's C(main) entry point, which
        C(telnet_hardening) uses). The role's C(converge) entry point leaves it false.
    type: bool
    default: false
notes:
  - The variables read are those of the roles' argument specs (C(ansible-doc -t role sysv.services.xinetd),
    C(ansible-doc -t role sysv.services.telnet_hardening)); a variable that holds a template is templated as
    usual.
seealso:
  - module: sysv.services.xinetd_config
'''

EXAMPLES = r'''
# What roles/xinetd/tasks/main.yml holds: the role's variables are the inputs.
- name: Install xinetd, converge its configuration, run it and set its boot-time state
  sysv.services.xinetd_role:
    upgrade: true
'''

RETURN = r'''
steps:
  description:
    - The steps of the run other than M(sysv.services.xinetd_config), each as its module's or action's
      result with C(step) naming it (C(banner), C(telnet.socket), C(package manager), C(upgrade),
      C(hosts.allow), C(hosts.deny)), then the M(sysv.services.xinetd_config) step. Only when a step
      other than M(sysv.services.xinetd_config) ran, or one failed.
  returned: when a step other than xinetd_config ran
  type: list
  elements: dict
  sample: [{"step": "banner", "changed": false}, {"step": "xinetd_config", "changed": false}]
'''

from ansible_collections.sysv.services.plugins.module_utils._action_only import action_only


def main():
    action_only('xinetd_role', dict(upgrade=dict(type='bool', default=False)))


if __name__ == '__main__':
    main()
