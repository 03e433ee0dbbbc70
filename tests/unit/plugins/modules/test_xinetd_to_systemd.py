# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd_to_systemd as a target runs it, on a configuration tree in a
temporary directory: check and diff mode, refusals, a finished migration.
Its steps (probes, cutover, rollback) are tested in
tests/unit/plugins/module_utils/test_xinetd_migrate.py; the whole migration,
with a real rollback, runs in the systemd Molecule scenario."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

pytest.importorskip('ansible')

from module_runner import run_module  # noqa: E402  pylint: disable=wrong-import-position

ENTRY = ('# a telnet-like service\nservice sysvtn\n{\n\tdisable\t\t= %s\n\ttype\t\t= UNLISTED\n\tport\t\t= 2323\n'
         '\tsocket_type\t= stream\n\twait\t\t= no\n\tuser\t\t= root\n\tserver\t\t= /bin/cat\n'
         '\tonly_from\t= 127.0.0.1\n%s}\n')


def _tree(tmp_path, disable='no', extra=''):
    conf_d = tmp_path / 'xinetd.d'
    conf_d.mkdir()
    (tmp_path / 'xinetd.conf').write_text(u'defaults\n{\n}\nincludedir %s\n' % conf_d)
    entry = conf_d / 'sysvtn'
    entry.write_text(ENTRY % (disable, extra))
    units = tmp_path / 'units'
    units.mkdir()
    return dict(name='sysvtn', path=str(tmp_path / 'xinetd.conf'), unit_dir=str(units)), entry, units


# Check mode checks what the real run checks first (systemd is the init
# system, xinetd runs and listens for the entry): on this test machine, which
# runs no systemd, it stops there, with the planned units and the diff in the
# result. Check mode on a systemd host runs in the systemd Molecule scenario.
NO_SYSTEMD = 'systemd is not the init system here'
needs_no_systemd = pytest.mark.skipif(
    os.path.isdir('/run/systemd/system'),
    reason='this machine runs systemd: these tests expect check mode to stop at the systemd precondition '
           '(the systemd Molecule scenario runs check mode on a systemd host)')


@needs_no_systemd
def test_check_and_diff_show_the_units_and_change_nothing(tmp_path):
    args, entry, units = _tree(tmp_path)
    before = entry.read_bytes()
    result = run_module('xinetd_to_systemd', args, check=True, diff=True, tmp_path=tmp_path)
    # the real run would stop at the precondition: so does check mode
    assert result['failed'] is True and NO_SYSTEMD in result['msg'], result
    assert result['changed'] is False
    assert result['socket'] == 'sysvtn.socket'
    assert 'ListenStream=2323' in result['units']['sysvtn.socket']
    assert 'IPAddressAllow=127.0.0.1/32' in result['units']['sysvtn.socket']
    assert 'ExecStart=/bin/cat' in result['units']['sysvtn@.service']
    assert [d['after_header'] for d in result['diff']] == [
        str(units / 'sysvtn.socket'), str(units / 'sysvtn@.service'), str(entry)]
    assert 'disable\t\t= yes' in result['diff'][2]['after']
    assert entry.read_bytes() == before
    assert list(units.iterdir()) == []
    assert result['rolled_back'] is False


@needs_no_systemd
def test_loss_not_accepted_is_refused_by_name(tmp_path):
    args, entry, units = _tree(tmp_path, extra='\taccess_times\t= 8:00-17:00\n')
    result = run_module('xinetd_to_systemd', args, check=True, tmp_path=tmp_path)
    assert result['failed'] is True
    assert 'access_times (systemd socket units have no time-of-day access window)' in result['msg']
    assert 'accept_loss' in result['msg']
    accepted = run_module('xinetd_to_systemd', dict(args, accept_loss=['ACCESS_TIMES']), check=True,
                          tmp_path=tmp_path)
    # past the loss check, on to the systemd precondition (see above)
    assert accepted['failed'] is True and NO_SYSTEMD in accepted['msg'], accepted
    assert accepted['units']['sysvtn.socket'] and accepted['changed'] is False


@needs_no_systemd
def test_finished_migration_changes_nothing(tmp_path):
    args, entry, units = _tree(tmp_path)
    planned = run_module('xinetd_to_systemd', args, check=True, tmp_path=tmp_path)['units']
    entry.write_text(ENTRY % ('yes', ''))
    for name, text in planned.items():
        (units / name).write_text(text)
    result = run_module('xinetd_to_systemd', args, check=True, diff=True, tmp_path=tmp_path)
    assert result.get('failed') is not True, result
    assert result['changed'] is False
    assert result['diff'] == []


def test_disabled_entry_without_units_is_refused(tmp_path):
    args, entry, units = _tree(tmp_path, disable='yes')
    result = run_module('xinetd_to_systemd', args, check=True, tmp_path=tmp_path)
    assert result['failed'] is True
    assert 'is disabled: there is no running service to prove the socket against' in result['msg']
