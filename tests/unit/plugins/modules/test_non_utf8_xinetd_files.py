# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""chkconfig and service on an xinetd file that is not UTF-8 (a Latin-1
comment, as old vendor files have): the module edits the disable line and
writes every other byte back as it was, on each target Python (Python 2.7
used to stop with a UnicodeDecodeError)."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

pytest.importorskip('ansible')

from test_chkconfig_helpers import interpreter, make_root, run_module  # noqa: E402

LATIN1 = (b'# default: off\n# description: caf\xe9 \xff\n'
          b'service telnet\n{\n\tdisable\t= yes\n\tsocket_type\t= stream\n\twait\t= no\n}\n')


@pytest.mark.parametrize('python', ['controller', '2.7.18', '3.6.15'])
@pytest.mark.parametrize('module', ['chkconfig', 'service'])
def test_latin1_xinetd_file_keeps_its_bytes(tmp_path, python, module):
    py = interpreter(python)
    root = make_root(tmp_path / 'root', 'rhel')
    path = os.path.join(root, 'etc', 'xinetd.d', 'telnet')
    with open(path, 'wb') as handle:
        handle.write(LATIN1)
    args = dict(name='telnet', enabled=True, root=root)
    if module == 'chkconfig':
        args['reload_xinetd'] = False
    result = run_module(module, args, python=py, diff=True, tmp_path=tmp_path)
    assert result.get('failed') is not True, result
    assert result['changed'] is True and result['after']['enabled'] is True
    with open(path, 'rb') as handle:
        assert handle.read() == LATIN1.replace(b'disable\t= yes', b'disable\t= no')
    again = run_module(module, args, python=py, tmp_path=tmp_path)
    assert again.get('failed') is not True and again['changed'] is False, again
