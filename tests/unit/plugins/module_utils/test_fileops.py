# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import stat

import pytest

from ansible_collections.sysv.services.plugins.module_utils import _fileops


def _listing(directory):
    return sorted(os.listdir(str(directory)))


def test_atomic_write_creates_file_with_mode(tmp_path):
    path = str(tmp_path / 'telnet')
    assert _fileops.atomic_write(path, u'service telnet\n', mode='0640') is None
    with open(path, 'rb') as handle:
        assert handle.read() == b'service telnet\n'
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert _listing(tmp_path) == ['telnet']


def test_atomic_write_default_mode_is_0644_for_new_file(tmp_path):
    path = str(tmp_path / 'svc')
    os.umask(0o077)
    try:
        _fileops.atomic_write(path, b'x\n')
    finally:
        os.umask(0o022)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644


def test_atomic_write_mode_none_keeps_existing_mode(tmp_path):
    path = str(tmp_path / 'svc')
    _fileops.atomic_write(path, b'a\n', mode=0o600)
    _fileops.atomic_write(path, b'b\n', mode=None)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_atomic_write_replaces_inode(tmp_path):
    path = str(tmp_path / 'svc')
    _fileops.atomic_write(path, b'old\n')
    before = os.stat(path).st_ino
    _fileops.atomic_write(path, b'new\n')
    assert os.stat(path).st_ino != before
    with open(path, 'rb') as handle:
        assert handle.read() == b'new\n'


@pytest.mark.parametrize('failing', ['_write_all', 'fsync', 'chmod', 'rename'])
def test_failure_mid_write_leaves_original_and_no_temp(tmp_path, monkeypatch, failing):
    path = str(tmp_path / 'telnet')
    with open(path, 'wb') as handle:
        handle.write(b'original\n')
    os.chmod(path, 0o644)

    def boom(*args, **kwargs):
        raise OSError(5, 'simulated I/O error')

    if failing == '_write_all':
        real = _fileops._write_all

        def half(fd, data):
            real(fd, data[:3])  # part of the data reached the temp file
            raise OSError(28, 'No space left on device')
        monkeypatch.setattr(_fileops, '_write_all', half)
    else:
        monkeypatch.setattr(_fileops.os, failing, boom)
    with pytest.raises(_fileops.FileOpsError) as excinfo:
        _fileops.atomic_write(path, b'replacement that must not appear\n')
    monkeypatch.undo()
    assert excinfo.value.path == path
    with open(path, 'rb') as handle:
        assert handle.read() == b'original\n'
    assert _listing(tmp_path) == ['telnet']


def test_missing_directory_is_an_error(tmp_path):
    with pytest.raises(_fileops.FileOpsError) as excinfo:
        _fileops.atomic_write(str(tmp_path / 'nope' / 'svc'), b'x')
    assert 'does not exist' in str(excinfo.value)


def test_refuses_to_replace_a_directory(tmp_path):
    (tmp_path / 'svc').mkdir()
    with pytest.raises(_fileops.FileOpsError):
        _fileops.atomic_write(str(tmp_path / 'svc'), b'x')


def test_unknown_owner_is_an_error_and_nothing_written(tmp_path):
    path = str(tmp_path / 'svc')
    with pytest.raises(_fileops.FileOpsError) as excinfo:
        _fileops.atomic_write(path, b'x', owner='no-such-user-here')
    assert 'no-such-user-here' in str(excinfo.value)
    assert _listing(tmp_path) == []


def test_owner_and_group_by_name_and_number(tmp_path):
    if os.geteuid() != 0:
        pytest.skip('chown to another user needs root')
    path = str(tmp_path / 'svc')
    _fileops.atomic_write(path, b'x', owner='nobody', group=0)
    st = os.stat(path)
    import pwd
    assert st.st_uid == pwd.getpwnam('nobody').pw_uid
    assert st.st_gid == 0
    _fileops.atomic_write(path, b'y', owner='root', group='root')
    st = os.stat(path)
    assert (st.st_uid, st.st_gid) == (0, 0)


def test_backup_keeps_old_content_and_is_skipped_by_includedir(tmp_path):
    path = str(tmp_path / 'telnet')
    _fileops.atomic_write(path, b'v1\n', mode=0o600)
    backup = _fileops.atomic_write(path, b'v2\n', backup=True)
    assert backup is not None and backup.startswith(path + '.')
    name = os.path.basename(backup)
    # xinetd's includedir skips names containing '.' or ending in '~'.
    assert '.' in name and name.endswith('~')
    with open(backup, 'rb') as handle:
        assert handle.read() == b'v1\n'
    assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
    with open(path, 'rb') as handle:
        assert handle.read() == b'v2\n'


def test_backup_of_new_file_is_none(tmp_path):
    assert _fileops.atomic_write(str(tmp_path / 'a'), b'x', backup=True) is None


def test_two_backups_in_the_same_second_do_not_collide(tmp_path):
    path = str(tmp_path / 'svc')
    _fileops.atomic_write(path, b'1')
    first = _fileops.atomic_write(path, b'2', backup=True)
    second = _fileops.atomic_write(path, b'3', backup=True)
    assert first != second
    with open(first, 'rb') as h1, open(second, 'rb') as h2:
        assert (h1.read(), h2.read()) == (b'1', b'2')


def test_remove_with_backup(tmp_path):
    path = str(tmp_path / 'svc')
    _fileops.atomic_write(path, b'gone\n')
    removed, backup = _fileops.remove(path, backup=True)
    assert removed and not os.path.exists(path)
    with open(backup, 'rb') as handle:
        assert handle.read() == b'gone\n'
    assert _fileops.remove(path) == (False, None)


def test_snapshot_and_restore(tmp_path):
    changed = str(tmp_path / 'changed')
    created = str(tmp_path / 'created')
    removed = str(tmp_path / 'removed')
    untouched = str(tmp_path / 'untouched')
    _fileops.atomic_write(changed, b'before\n', mode=0o640)
    _fileops.atomic_write(removed, b'keep me\n')
    _fileops.atomic_write(untouched, b'same\n')
    state = _fileops.snapshot([changed, created, removed, untouched])

    _fileops.atomic_write(changed, b'after\n', mode=0o644)
    _fileops.atomic_write(created, b'new\n')
    os.unlink(removed)
    ino = os.stat(untouched).st_ino

    touched = _fileops.restore(state)
    assert sorted(touched) == sorted([changed, created, removed])
    with open(changed, 'rb') as handle:
        assert handle.read() == b'before\n'
    assert stat.S_IMODE(os.stat(changed).st_mode) == 0o640
    assert not os.path.exists(created)
    with open(removed, 'rb') as handle:
        assert handle.read() == b'keep me\n'
    assert os.stat(untouched).st_ino == ino


def test_parse_mode():
    assert _fileops.parse_mode('0644') == 0o644
    assert _fileops.parse_mode('600') == 0o600
    assert _fileops.parse_mode(0o755) == 0o755
    assert _fileops.parse_mode(None) is None
    with pytest.raises(ValueError):
        _fileops.parse_mode('rw-r--r--')
    with pytest.raises(ValueError):
        _fileops.parse_mode('77777')


def test_attributes_differ(tmp_path):
    path = str(tmp_path / 'svc')
    _fileops.atomic_write(path, b'x', mode=0o644)
    assert not _fileops.attributes_differ(path, mode='0644')
    assert _fileops.attributes_differ(path, mode='0600')
    assert not _fileops.attributes_differ(str(tmp_path / 'missing'), mode='0600')
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
