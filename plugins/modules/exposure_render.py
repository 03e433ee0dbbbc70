#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exposure_render
short_description: Write the fleet exposure report (JSON, Markdown, HTML) on the controller
version_added: 0.1.0
description:
  - Runs on the controller only (an action plugin); nothing is sent to the hosts.
  - Reads each host's M(sysv.services.exposure_info) result from C(hostvars) and writes C(report.json)
    (schema in docs/exposure-report-schema.md), C(report.md) and a self-contained C(report.html) (inline CSS,
    an inline SVG heat map of services by hosts, the fleet matrix, one table per host) into O(dest).
  - The fleet matrix says, for every enabled service, whether a connection from the host itself and from
    each other host of the play would get through, from the addresses each host reported.
  - Run it once (C(run_once)); the C(sysv.services.exposure_report) role does.
  - The files are rewritten only when the report changed (its time stamp aside).
author:
  - sysv.services maintainers (@sysv-services)
extends_documentation_fragment:
  - sysv.services.attributes
  - sysv.services.attributes.IDEMPOTENT
attributes:
  check_mode:
    support: full
    details:
      - In check mode nothing is written; C(changed) says whether the report would change.
  diff_mode:
    support: none
  idempotent:
    support: full
options:
  dest:
    description:
      - Directory on the controller for C(report.json), C(report.md) and C(report.html); created when missing.
    type: path
    required: true
  baseline:
    description:
      - An earlier C(report.json). The report then has a drift section listing what changed since.
    type: path
  hosts:
    description:
      - The inventory hosts to report on. Default the play's hosts (C(ansible_play_hosts_all)); a host without
        a result is listed as failed.
    type: list
    elements: str
  facts_var:
    description:
      - The variable each host registered the M(sysv.services.exposure_info) result in.
    type: str
    default: exposure_info_result
seealso:
  - module: sysv.services.exposure_info
'''

EXAMPLES = r'''
- name: Collect
  sysv.services.exposure_info:
  register: exposure_info_result

- name: Write the report
  sysv.services.exposure_render:
    dest: "{{ playbook_dir }}/exposure"
  run_once: true
  delegate_to: localhost
'''

RETURN = r'''
dest:
  description: The report directory.
  returned: always
  type: str
files:
  description: The report files.
  returned: always
  type: list
  elements: str
summary:
  description: Host count, hosts without a result, enabled services by exposure, checks passed and failed.
  returned: always
  type: dict
'''

from ansible_collections.sysv.services.plugins.module_utils._action_only import action_only


def main():
    action_only('exposure_render', dict(
        dest=dict(type='path', required=True),
        baseline=dict(type='path'),
        hosts=dict(type='list', elements='str'),
        facts_var=dict(type='str', default='exposure_info_result'),
    ))


if __name__ == '__main__':
    main()
