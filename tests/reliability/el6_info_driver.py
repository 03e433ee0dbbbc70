# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""chkconfig_info next to chkconfig --list, inside an el6-tools container.

    python3 el6_info_driver.py PYTREE ANSIBLE_SITE

Builds a varied state with the real chkconfig (scripts with chkconfig and
LSB headers, '-' levels, hand-made links, an LSB chain, xinetd services on
and off, a file of two services), then records for several rounds of
changes: ``chkconfig --list`` (C and ko_KR.UTF-8), ``chkconfig --list NAME``
for every service, and the chkconfig_info module's result with
``backend: native`` and ``backend: auto``, each with the task environment
LANG/LC_ALL=C and LANG/LC_ALL=ko_KR.UTF-8.  Prints one JSON document.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import io
import json
import os
import subprocess
import sys

import el6_chkconfig_cases as corpus
from inprocess_module import ModuleRunner

C = {'LANG': 'C', 'LC_ALL': 'C'}
KO = {'LANG': 'ko_KR.UTF-8', 'LC_ALL': 'ko_KR.UTF-8'}

XINETD_FILES = {
    't-two': 'service t-two-a\n{\n\tsocket_type\t= stream\n\twait\t\t= no\n\tuser\t\t= root\n'
             '\tserver\t\t= /bin/cat\n\tport\t\t= 30001\n\ttype\t\t= UNLISTED\n\tdisable\t\t= yes\n}\n\n'
             'service t-two-b\n{\n\tsocket_type\t= stream\n\twait\t\t= no\n\tuser\t\t= root\n'
             '\tserver\t\t= /bin/cat\n\tport\t\t= 30002\n\ttype\t\t= UNLISTED\n\tdisable\t\t= yes\n}\n',
    't-nodisable': 'service t-nodisable\n{\n\tsocket_type\t= stream\n\twait\t\t= no\n\tuser\t\t= root\n'
                   '\tserver\t\t= /bin/cat\n\tport\t\t= 30003\n\ttype\t\t= UNLISTED\n}\n',
    't-spaces': 'service t-spaces\n{\n    socket_type = stream\n    wait = no\n    user = root\n'
                '    server = /bin/cat\n    port = 30004\n    type = UNLISTED\n    disable = no\n}\n',
}

ROUNDS = [
    ['chkconfig --add t-std', 'chkconfig --add t-dash', 'chkconfig --add t-35',
     'chkconfig --add t-base', 'chkconfig --add t-mid', 'chkconfig --add t-top',
     'chkconfig telnet on'],
    ['chkconfig --level 35 t-dash on', 'chkconfig t-std off', 'chkconfig --level 0 t-35 on',
     'chkconfig t-two on', 'chkconfig telnet off', 'chkconfig --del t-top', 'chkconfig echo-stream on'],
    ['chkconfig --level 2345 t-hand off', 'chkconfig t-top reset', 'chkconfig --add t-lsb',
     'chkconfig t-two off', 'chkconfig t-nodisable off', 'chkconfig telnet on'],
]


def sh(cmd, env):
    proc = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env=dict(os.environ, **env), check=False)
    return proc.returncode, proc.stdout.decode('utf-8', 'replace')


def setup():
    scripts = {
        't-std': corpus.chk('2345', 55, 25), 't-dash': corpus.chk('-', 85, 15),
        't-35': corpus.chk('35', 5, 95), 't-hand': corpus.chk('2345', 55, 25),
        't-noheader': '#!/bin/sh\necho no header\n',
        't-lsb': corpus.lsb('t-lsb', req_start='$network'),
        't-base': corpus.lsb('t-base', chkline='2345 20 80'),
        't-mid': corpus.lsb('t-mid t-facility', req_start='t-base'),
        't-top': corpus.lsb('t-top', req_start='t-facility'),
    }
    for name, text in scripts.items():
        path = '/etc/rc.d/init.d/' + name
        with io.open(path, 'w', encoding='utf-8') as handle:
            handle.write(text)
        os.chmod(path, 0o755)
    for level, entry in ((3, 'S99t-hand'), (2, 'K01t-hand'), (5, 'S10t-hand')):
        os.symlink('../init.d/t-hand', '/etc/rc.d/rc%d.d/%s' % (level, entry))
    for name, text in XINETD_FILES.items():
        with io.open('/etc/xinetd.d/' + name, 'w', encoding='utf-8') as handle:
            handle.write(text)


def main():
    runner = ModuleRunner(sys.argv[1], sys.argv[2], 'chkconfig_info')
    setup()
    rounds = []
    for commands in ROUNDS:
        for cmd in commands:
            sh(cmd, C)
        record = {'commands': commands, 'list': {}, 'list_name': {}, 'module': {}}
        for label, env in (('C', C), ('ko', KO)):
            record['list'][label] = sh('chkconfig --list', env)[1]
        names = set()
        for line in record['list']['C'].splitlines():
            word = line.strip().split()[0] if line.strip() else ''
            if word and not line.endswith(':'):
                names.add(word.rstrip(':'))
        for name in sorted(names):
            record['list_name'][name] = dict((label, sh('chkconfig --list %s' % name, env))
                                             for label, env in (('C', C), ('ko', KO)))
        for backend in ('native', 'auto'):
            for label, env in (('C', C), ('ko', KO)):
                res = runner.run({'backend': backend}, env=env)
                record['module']['%s/%s' % (backend, label)] = {
                    'services': res.get('services'), 'backend': res.get('backend'),
                    'xinetd_enabled': res.get('xinetd_enabled'), 'failed': res.get('failed'),
                    'msg': res.get('msg'), 'warnings': res.get('warnings')}
        rounds.append(record)
    json.dump(rounds, sys.stdout)


if __name__ == '__main__':
    main()
