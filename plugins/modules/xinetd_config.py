#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xinetd_config
short_description: Manage /etc/xinetd.conf and a whole set of xinetd services in one task
version_added: 0.1.0
description:
  - Writes the main xinetd configuration (a C(defaults) entry from typed options and an C(includedir)) and,
    in the same call, every service of O(services) as M(sysv.services.xinetd_service) would.
  - Every file is validated before any file is written, and so is the whole configuration as it will be
    (entries of different files on one port, duplicate ids, C(defaults) values that make xinetd exit on
    this host); one invalid value fails the task and nothing is written.
  - All files are written, then xinetd is reloaded once. If xinetd does not survive the reload, or an
    enabled service of O(services) does not listen, every file is put back and xinetd is reloaded again
    (one transaction).
  - O(purge) removes or disables the service files of the include directory that are not in O(services).
author:
  - sysv.services maintainers (@sysv-services)
extends_documentation_fragment:
  - sysv.services.attributes
  - sysv.services.attributes.IDEMPOTENT
  - sysv.services.attributes.FILES
  - sysv.services.xinetd_attributes.APPLY
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
  safe_file_operations:
    support: full
options:
  path:
    description:
      - The main configuration file.
    type: path
    default: /etc/xinetd.conf
  defaults:
    description:
      - The C(defaults) entry, as typed options (the attributes xinetd allows in C(defaults); see
        M(sysv.services.xinetd_service) for their forms). Lists are written with C(=), which in C(defaults)
        adds to xinetd's built-in values.
      - When this option is not given, O(path) is not managed (only the services are).
      - C(enabled) and C(disabled) are lists of service ids; with C(enabled), every other id is off.
    type: dict
    suboptions:
      bind:
        description: "Address to listen on."
        type: str
      only_from:
        description: "Addresses allowed to connect (list or C({add, remove}) mapping)."
        type: raw
      no_access:
        description: "Addresses denied (list or C({add, remove}) mapping)."
        type: raw
      instances:
        description: "Maximum simultaneous servers per service (integer or V(UNLIMITED))."
        type: raw
      per_source:
        description: "Maximum servers per source address (integer or V(UNLIMITED))."
        type: raw
      cps:
        description: "Connection rate limit C([rate, seconds])"
        type: list
        elements: int
      max_load:
        description: "Load average above which connections are refused."
        type: float
      log_type:
        description: "C(SYSLOG facility [level]) or C(FILE path [soft [hard]]); only one is allowed."
        type: str
      log_on_success:
        description: "What to log on success (list or C({add, remove}) mapping)."
        type: raw
      log_on_failure:
        description: "What to log on failure (list or C({add, remove}) mapping)."
        type: raw
      banner:
        description: "Banner file."
        type: str
      banner_success:
        description: "Banner file on success."
        type: str
      banner_fail:
        description: "Banner file on failure."
        type: str
      passenv:
        description: "Environment variables passed to servers (list or C({add, remove}) mapping)."
        type: raw
      umask:
        description: "Octal umask as a string."
        type: str
      groups:
        description: "Give servers all the groups of their user."
        type: bool
      v6only:
        description: "Set C(IPV6_V6ONLY)."
        type: bool
      enabled:
        description: "The only service ids xinetd runs."
        type: list
        elements: str
      disabled:
        description: "Service ids xinetd never runs."
        type: list
        elements: str
  includedir:
    description:
      - The directory of service files, written as C(includedir) in O(path) and where O(services) are written.
    type: path
    default: /etc/xinetd.d
  services:
    description:
      - Service file name to M(sysv.services.xinetd_service) options (without O(sysv.services.xinetd_service#module:name)
        and the file options, which come from this task). C(state=absent) removes the file; C(src) renders a
        template of the controller.
    type: dict
  purge:
    description:
      - What to do with the files of O(includedir) that xinetd loads and that are not in O(services).
        V(false) keeps them, V(true) removes them, V(disable) rewrites them with C(disable = yes) in every entry.
      - Files xinetd never loads (names with C(.) or ending in C(~), such as backups) are left alone.
    type: str
    choices: ['false', 'true', 'disable']
    default: 'false'
seealso:
  - module: sysv.services.xinetd_service
  - module: sysv.services.xinetd_info
'''

EXAMPLES = r'''
- name: Defaults, telnet with limits, and nothing else served
  sysv.services.xinetd_config:
    defaults:
      log_type: SYSLOG daemon info
      log_on_success: [PID, HOST, DURATION, EXIT]
      log_on_failure: [HOST]
      instances: 50
      per_source: 10
      cps: [50, 10]
      disabled: [chargen-dgram, chargen-stream, echo-dgram, echo-stream]
    services:
      telnet:
        socket_type: stream
        wait: false
        user: root
        server: /usr/sbin/in.telnetd
        only_from: [10.1.2.0/24]
        instances: 10
      tftp:
        state: absent
    purge: disable
    backup: true
    xinetd_state: started

- name: Only converge services, keep the vendor xinetd.conf
  sysv.services.xinetd_config:
    services:
      rsync:
        src: xinetd/rsync.j2
'''

RETURN = r'''
path:
  description: The main configuration file.
  returned: always
  type: str
  sample: /etc/xinetd.conf
backup_file:
  description: Backup of the main file when it changed and O(backup=true).
  returned: changed and backup
  type: str
backup_files:
  description: Every backup made by this task, as a mapping of file to backup (empty without O(backup=true)
    or without a change).
  returned: when not in check mode
  type: dict
  sample: {"/etc/xinetd.d/telnet": "/etc/xinetd.d/telnet.2512.2024-05-01@10:11:12~"}
xinetd_started:
  description: Whether this task started xinetd (O(xinetd_state=started) and xinetd was not running).
  returned: when not in check mode
  type: bool
  sample: false
reload_method:
  description: How xinetd was reloaded or started, or null when it was neither - C(signal) (SIGHUP to its
    pid) or C(systemd) for a reload; C(systemd), C(sysv) (init script) or C(exec) for a start.
  returned: when not in check mode
  type: str
  sample: signal
warnings_found:
  description: Harmless findings about the texts (lines xinetd ignores), also shown as warnings.
  returned: success
  type: list
  elements: str
reloaded:
  description: Whether xinetd was reloaded.
  returned: always
  type: bool
rolled_back:
  description: Whether the change was undone because xinetd did not survive it (the task then fails).
  returned: always
  type: bool
xinetd_pid:
  description: The pid of the running xinetd, or null.
  returned: always
  type: int
files:
  description: Each file of the task (main file, services, purged files) and what happened to it
    (C(changed), C(state) present, absent or disabled).
  returned: always
  type: dict
  sample: {"/etc/xinetd.d/telnet": {"changed": true, "state": "present"}}
defaults:
  description: The effective defaults.
  returned: success
  type: dict
services:
  description: The effective entries xinetd would load from the files of O(services), by file name.
  returned: success
  type: dict
'''

import os

from ansible_collections.sysv.services.plugins.module_utils._internal_args import internal_module
from ansible_collections.sysv.services.plugins.module_utils._xinetd_attrs import OptionError
from ansible_collections.sysv.services.plugins.module_utils._xinetd_edit import keep_layout, read_text
from ansible_collections.sysv.services.plugins.module_utils._xinetd_module import (
    CONFIG_INTERNAL,
    config_argument_spec,
    converge,
    disable_text,
    file_services,
    loaded_names,
    make_host,
    normalize_purge,
    plan_file,
    render_config_text,
    render_service_text,
    SERVICE_HEADER,
    service_name_problem,
    validate_config_text,
    validate_entry,
    validate_service_text,
)


def main():
    module = internal_module(CONFIG_INTERNAL, argument_spec=config_argument_spec(),
                             supports_check_mode=True)
    params = module.params
    path = params['path']
    includedir = params['includedir']
    purge = normalize_purge(params['purge'])
    host, hooks = make_host(params)
    rendered = module.internal.get('_services') or {}
    errors = []
    warnings = []
    plans = []
    files = {}

    if params['defaults'] is not None:
        try:
            content = render_config_text(params['defaults'], includedir)
        except OptionError as exc:
            module.fail_json(msg='defaults.%s: %r: %s' % (exc.option, exc.value, exc.message),
                             option='defaults.' + exc.option)
        errs, warns = validate_config_text(content, path)
        errors.extend(errs)
        warnings.extend(warns)
        plans.append(plan_file(path, content, params))
        files[path] = dict(state='present')

    services = params['services'] or {}
    if services and not os.path.isdir(includedir):
        errors.append('includedir: %s is not a directory (is xinetd installed?)' % includedir)
    managed = []
    for name in sorted(services):
        problem = service_name_problem(name)
        if problem:
            errors.append('services: name %r %s' % (name, problem))
            continue
        entry, errs = validate_entry(name, services[name])
        if errs:
            errors.extend(errs)
            continue
        service_path = os.path.join(includedir, name)
        managed.append(service_path)
        if entry['state'] == 'absent':
            plans.append(plan_file(service_path, None, params))
            files[service_path] = dict(state='absent')
            continue
        text = rendered.get(name)
        if text is None:
            if entry.get('src'):
                errors.append('services.%s: src needs the sysv.services.xinetd_config action plugin' % name)
                continue
            try:
                text = render_service_text(name, entry)
            except OptionError as exc:
                errors.append('services.%s.%s: %r: %s' % (name, exc.option, exc.value, exc.message))
                continue
        if not text.endswith('\n'):
            text += '\n'
        errs, warns = validate_service_text(text, name, service_path, hooks)
        errors.extend(errs)
        warnings.extend(warns)
        # a file whose meaning does not change is left alone; an edited one keeps its comments
        text = keep_layout(read_text(service_path), text,
                           header=SERVICE_HEADER if SERVICE_HEADER in text else None)
        plans.append(plan_file(service_path, text, params))
        files[service_path] = dict(state='present')

    if purge != 'false' and os.path.isdir(includedir):
        for name in loaded_names(includedir):
            if name in services:
                continue
            other = os.path.join(includedir, name)
            if purge == 'true':
                plans.append(plan_file(other, None, params))
                files[other] = dict(state='absent')
            else:
                text = read_text(other) or ''
                plans.append(plan_file(other, keep_layout(text, disable_text(text)), params))
                files[other] = dict(state='disabled')

    if errors:
        module.fail_json(msg='; '.join(errors), errors=errors, changed=False)

    for warning in warnings:
        module.warn(warning)
    result, eff = converge(module, plans, path, host,
                           extra_result=dict(path=path, warnings_found=warnings), hooks=hooks)
    for plan in plans:
        files[plan['path']]['changed'] = plan['changed']
    result['files'] = files
    result['defaults'] = eff.defaults if eff is not None else {}
    result['services'] = dict((os.path.basename(p), file_services(eff, p)) for p in managed
                              if files[p]['state'] == 'present')
    module.exit_json(**result)


if __name__ == '__main__':
    main()
