# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd_service on the xinetd 2.3.14 of an el6-tools container: texts that
2.3.14 treats otherwise than 2.3.15 are refused before anything is written.

    python3 el6_refuse_driver.py PYTREE ANSIBLE_SITE

Prints one JSON document: {case: {failed, msg, changed, written}}.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import sys

from inprocess_module import ModuleRunner

BASE = {'socket_type': 'stream', 'wait': False, 'user': 'root', 'server': '/bin/cat',
        'type': ['UNLISTED'], 'enabled': True, 'pidfile': '/var/run/xinetd.pid'}


def main():
    runner = ModuleRunner(sys.argv[1], sys.argv[2], 'xinetd_service')
    cases = {
        'flags IPv4 IPv6 (check mode)': (dict(BASE, name='t-both-check', port=30011,
                                              flags=['IPv4', 'IPv6']), True),
        'flags IPv4 IPv6': (dict(BASE, name='t-both', port=30012, flags=['IPv4', 'IPv6']), False),
        'flags IPv4': (dict(BASE, name='t-four', port=30013, flags=['IPv4']), False),
        'dgram wait no': (dict(BASE, name='t-dgram', port=30014, socket_type='dgram', wait=False),
                          False),
    }
    out = {}
    for label, (args, check) in sorted(cases.items()):
        res = runner.run(args, check_mode=check)
        out[label] = {'failed': bool(res.get('failed')), 'msg': res.get('msg'),
                      'changed': res.get('changed'),
                      'written': os.path.exists('/etc/xinetd.d/%s' % args['name'])}
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
