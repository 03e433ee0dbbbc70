#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xinetd_service
short_description: Manage one xinetd service file, validated before it is written
version_added: 0.1.0
description:
  - Writes C(<config_dir>/<name>) from typed options (rendered from the collection's
    C(templates/xinetd_service.j2)) or from a user template O(src), or removes it.
  - The final text is parsed and checked the way xinetd reads it before anything is written. Anything
    xinetd would reject, drop or misread fails the task with a message naming the attribute and the value,
    and the file on disk is left untouched. Values can never add lines, entries or comments.
  - The file is judged within the whole configuration as it will be (O(main_config) and every file it
    includes, with this file written), by the same load M(sysv.services.xinetd_info) reports, host checks
    included (see O(host_checks)). An entry xinetd would not serve (a bad value, a missing user, a C(bind)
    address the host does not have, the same port as an entry of another file) fails the task. What the
    collection refuses although xinetd would load it (a disabled entry that would not load once enabled,
    a server that is not a regular file) is named as the collection's policy in the message.
  - After a change a running xinetd is reloaded (not restarted) and checked; a reload that xinetd does
    not survive, or after which an enabled service does not listen, is rolled back.
  - The check waits until xinetd has handled the reload. SIGUSR1 follows the SIGHUP twice, and the
    second state dump xinetd appends to C(/var/run/xinetd.dump) comes after the reload (the first may
    not, since with both signals pending Linux runs the SIGUSR1 handler first). When the two dumps do
    not come within 3 seconds each, the module warns that it could not confirm the reload.
  - The file must hold a C(service NAME) entry for O(name) and nothing else (several ids of that name
    are fine, other service names, C(defaults) entries and include directives are refused). Use
    M(sysv.services.xinetd_config) for C(/etc/xinetd.conf).
author:
  - sysv.services maintainers (@sysv-services)
extends_documentation_fragment:
  - sysv.services.attributes
  - sysv.services.attributes.IDEMPOTENT
  - sysv.services.attributes.FILES
  - sysv.services.xinetd_attributes
  - sysv.services.xinetd_attributes.APPLY
  - sysv.services.xinetd_locations
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
  name:
    description:
      - Service name and file name. It must be a plain file name that xinetd's C(includedir) loads - no
        C(/), no C(.), not ending in C(~).
    type: str
    required: true
  state:
    description:
      - V(present) writes the file, V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
  config_dir:
    description:
      - Directory holding the service files (the C(includedir) of C(/etc/xinetd.conf)).
    type: path
    default: /etc/xinetd.d
  main_config:
    description:
      - The main configuration file, read (never written) to compute the effective attributes and which
        services must listen after a reload.
    type: path
    default: /etc/xinetd.conf
  src:
    description:
      - A Jinja2 template on the controller to render instead of the built-in one, found like the O(src) of
        M(ansible.builtin.template). It sees the play's variables, C(xinetd_service) (the task's options)
        and C(xinetd_attribute_lines) (the canonical attribute lines of the typed options).
      - The rendered text gets the same validation as the built-in template.
    type: path
notes:
  - xinetd has no configuration check mode; the validation mirrors what Debian's xinetd 2.3.15.3 and the
    openSUSE xinetd sources do (see the collection's specification).
  - xinetd logs only to syslog, so the health check after a reload looks at the process and its listening
    sockets (C(/proc/net)); this works in containers without an init system.
seealso:
  - module: sysv.services.xinetd_config
  - module: sysv.services.xinetd_info
'''

EXAMPLES = r'''
- name: Serve telnet through xinetd, local network only, with limits
  sysv.services.xinetd_service:
    name: telnet
    socket_type: stream
    wait: false
    user: root
    server: /usr/sbin/in.telnetd
    only_from:
      - 127.0.0.1
      - 10.1.2.0/24
    instances: 10
    per_source: 3
    cps: [5, 30]
    access_times: ["07:00-19:00"]
    log_on_failure:
      add: [USERID]
    backup: true

- name: A service not listed in /etc/services
  sysv.services.xinetd_service:
    name: sysv-cat
    type: [UNLISTED]
    port: 7070
    socket_type: stream
    wait: false
    user: nobody
    server: /bin/cat

- name: Render a site template instead of the built-in one
  sysv.services.xinetd_service:
    name: rsync
    src: xinetd/rsync.j2
    xinetd_state: started

- name: Turn tftp off but keep the file
  sysv.services.xinetd_service:
    name: tftp
    socket_type: dgram
    wait: true
    user: root
    server: /usr/sbin/in.tftpd
    server_args: [-s, /srv/tftp]
    enabled: false

- name: Remove the telnet entry
  sysv.services.xinetd_service:
    name: telnet
    state: absent
'''

RETURN = r'''
path:
  description: The service file.
  returned: always
  type: str
  sample: /etc/xinetd.d/telnet
backup_file:
  description: The backup of the previous file, when O(backup=true) and the file changed.
  returned: changed and backup
  type: str
  sample: /etc/xinetd.d/telnet.2512.2024-05-01@10:11:12~
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
attributes:
  description: The effective attributes of the first entry of the file (its own values merged with the
    defaults of C(/etc/xinetd.conf)), as lists of values.
  returned: success
  type: dict
  sample: {"socket_type": ["stream"], "wait": ["no"], "instances": ["10"]}
services:
  description: Every entry of the file as xinetd would load it (C(id), C(enabled), C(port), C(protocol),
    C(attributes), and C(reason) for an inactive one).
  returned: success
  type: list
  elements: dict
warnings_found:
  description: Harmless findings about the text (lines xinetd ignores), also shown as warnings.
  returned: success
  type: list
  elements: str
'''

import os

from ansible_collections.sysv.services.plugins.module_utils import _import_once
_import_once.install()  # before the engine: one compile per module (see _import_once)

from ansible_collections.sysv.services.plugins.module_utils._internal_args import internal_module
from ansible_collections.sysv.services.plugins.module_utils._xinetd.options import OptionError
from ansible_collections.sysv.services.plugins.module_utils._xinetd.judge import (
    validate_service_text,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.converge import (
    converge,
    file_services,
    keep_file_layout,
    make_host,
    plan_file,
    render_service_text,
    SERVICE_INTERNAL,
    service_argument_spec,
    service_name_problem,
)


def main():
    module = internal_module(SERVICE_INTERNAL, argument_spec=service_argument_spec(),
                             supports_check_mode=True)
    params = module.params
    rendered = module.internal.get('_content')
    name = params['name']
    problem = service_name_problem(name)
    if problem:
        module.fail_json(msg='name: %r %s' % (name, problem))
    if params['src'] and rendered is None:
        module.fail_json(msg='src: %s needs the sysv.services.xinetd_service action plugin to render it'
                         % params['src'])
    config_dir = params['config_dir']
    path = os.path.join(config_dir, name)
    if not os.path.isdir(config_dir):
        module.fail_json(msg='config_dir: %s is not a directory (is xinetd installed?)' % config_dir)
    dummy, hooks = make_host(params)

    content = None
    errors = []
    if params['state'] == 'present':
        content = rendered
        if content is None:
            try:
                content = render_service_text(name, params)
            except OptionError as exc:
                module.fail_json(msg='%s: %r: %s' % (exc.option, exc.value, exc.message),
                                 option=exc.option)
        errors = validate_service_text(content, name, path)
        if not content.endswith('\n'):
            content += '\n'
        # a file whose meaning does not change is left alone; an edited one keeps its comments
        content = keep_file_layout(path, content)

    plan = plan_file(path, content, params)
    result, eff = converge(module, [plan], params['main_config'], extra_result=dict(path=path),
                           hooks=hooks, validated=[path], errors=errors)
    if module._diff:
        result['diff'] = plan['diff'] if plan['changed'] else {}
    services = file_services(eff, path)
    result['services'] = services
    result['attributes'] = services[0]['attributes'] if services else {}
    module.exit_json(**result)


if __name__ == '__main__':
    main()
