# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Safe file operations: atomic write, backup, snapshot and restore.

Everything in this collection that changes a file goes through here:

* ``atomic_write`` writes a temporary file in the destination directory,
  fsyncs it, sets mode and owner, renames it over the destination and fsyncs
  the directory.  A failure at any step removes the temporary file and
  leaves the destination as it was.
* ``backup_path`` / ``make_backup`` name and create backups the way
  ansible's ``backup_local`` does (``NAME.PID.YYYY-MM-DD@HH:MM:SS~``).  In an
  xinetd include directory such names are skipped by ``includedir`` (they
  contain ``.`` and end in ``~``), so a backup never becomes a live service.
* ``snapshot`` / ``restore`` record the bytes, mode and owner of a set of
  files before a transaction and put them back (or remove files that did
  not exist) when it is rolled back.

Standard library only; runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import grp
import os
import pwd
import stat
import tempfile
import time


DEFAULT_MODE = 0o644


class FileOpsError(Exception):
    """A file operation failed; ``path`` names the file concerned."""

    def __init__(self, path, message):
        Exception.__init__(self, '%s: %s' % (path, message))
        self.path = path
        self.message = message


def _to_bytes(data):
    if isinstance(data, bytes):
        return data
    return data.encode('utf-8')


def parse_mode(mode):
    """Return ``mode`` (int, or an octal string like ``'0644'``) as an int."""
    if mode is None:
        return None
    if isinstance(mode, int):
        value = mode
    else:
        text = str(mode).strip()
        try:
            value = int(text, 8)
        except ValueError:
            raise ValueError('mode must be an octal number such as 0644, got %r' % (mode,))
    if value < 0 or value > 0o7777:
        raise ValueError('mode out of range: %r' % (mode,))
    return value


def resolve_uid(owner):
    """Return the uid for a user name or number (``None`` stays ``None``)."""
    if owner is None or owner == '':
        return None
    try:
        return int(owner)
    except (TypeError, ValueError):
        pass
    try:
        return pwd.getpwnam(owner).pw_uid
    except KeyError:
        raise ValueError('user %r does not exist' % (owner,))


def resolve_gid(group):
    """Return the gid for a group name or number (``None`` stays ``None``)."""
    if group is None or group == '':
        return None
    try:
        return int(group)
    except (TypeError, ValueError):
        pass
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise ValueError('group %r does not exist' % (group,))


def read_bytes(path):
    """Return the content of ``path`` as bytes, or ``None`` if it does not exist."""
    try:
        with open(path, 'rb') as handle:
            return handle.read()
    except IOError as exc:
        if exc.errno == errno.ENOENT:
            return None
        raise


def read_text(path):
    """The text of ``path`` (UTF-8, undecodable bytes replaced), or ``None`` if it does not exist."""
    data = read_bytes(path)
    return None if data is None else data.decode('utf-8', 'replace')


def decode_exact(data):
    """``(text, codec)`` for file bytes that :func:`encode_exact` gives back
    byte for byte, for an editor that changes ASCII lines only.

    UTF-8 as far as it goes: on Python 3 a byte that is not UTF-8 is kept as
    a surrogate escape; on Python 2, a file that is not UTF-8 is read as
    Latin-1 as a whole (one character per byte)."""
    try:
        return data.decode('utf-8'), ('utf-8', 'strict')
    except UnicodeDecodeError:
        if str is bytes:
            return data.decode('latin-1'), ('latin-1', 'strict')
        return data.decode('utf-8', 'surrogateescape'), ('utf-8', 'surrogateescape')


def encode_exact(text, codec):
    """The bytes of ``text`` read by :func:`decode_exact` (``codec`` is what it returned)."""
    return text.encode(codec[0], codec[1])


def _write_all(fd, data):
    view = memoryview(data)
    while len(view):
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(directory):
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def backup_path(path, now=None):
    """Name a backup of ``path`` like ansible's ``backup_local``."""
    stamp = time.strftime('%Y-%m-%d@%H:%M:%S~', time.localtime(now))
    return '%s.%s.%s' % (path, os.getpid(), stamp)


def make_backup(path):
    """Copy ``path`` (if it exists) to a backup file; return its name or ``None``.

    The copy keeps mode, owner and times.  It is written atomically too.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return None
        raise FileOpsError(path, 'cannot stat: %s' % exc)
    data = read_bytes(path)
    if data is None:
        return None
    dest = backup_path(path)
    counter = 0
    while os.path.lexists(dest):
        counter += 1
        dest = '%s%d~' % (backup_path(path)[:-1], counter)
    atomic_write(dest, data, mode=stat.S_IMODE(st.st_mode), owner=st.st_uid, group=st.st_gid)
    try:
        os.utime(dest, (st.st_atime, st.st_mtime))
    except OSError:
        pass
    return dest


def atomic_write(path, data, mode=DEFAULT_MODE, owner=None, group=None, backup=False):
    """Write ``data`` to ``path`` atomically.

    ``mode``: int or octal string (``None`` keeps the mode of an existing
    file, else 0644).  ``owner``/``group``: name or number, ``None`` keeps
    the existing owner (or the process's for a new file).  ``backup``: copy
    the existing file first.  Returns the backup file name or ``None``.

    The destination is never half written: the data goes to a temporary file
    in the same directory which is renamed over ``path`` only once it is
    complete and synced.  On any failure the temporary file is removed and
    ``FileOpsError`` is raised with the destination unchanged.
    """
    data = _to_bytes(data)
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise FileOpsError(path, 'directory %s does not exist' % directory)
    try:
        current = os.stat(path)
    except OSError:
        current = None
    if current is not None and not stat.S_ISREG(current.st_mode):
        raise FileOpsError(path, 'exists and is not a regular file')

    want_mode = parse_mode(mode)
    if want_mode is None:
        want_mode = stat.S_IMODE(current.st_mode) if current is not None else DEFAULT_MODE
    try:
        uid = resolve_uid(owner)
        gid = resolve_gid(group)
    except ValueError as exc:
        raise FileOpsError(path, str(exc))
    if uid is None and current is not None:
        uid = current.st_uid
    if gid is None and current is not None:
        gid = current.st_gid

    backup_file = None
    if backup and current is not None:
        backup_file = make_backup(path)

    base = os.path.basename(path)
    # The temporary name starts with '.' and contains '.', so an xinetd
    # includedir never loads it even if the process dies before cleanup.
    fd, tmp = tempfile.mkstemp(prefix='.%s.' % base, suffix='.tmp~', dir=directory)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, want_mode)
        if uid is not None or gid is not None:
            os.chown(tmp, -1 if uid is None else uid, -1 if gid is None else gid)
            # chown may clear setuid/setgid bits: apply the mode again.
            os.chmod(tmp, want_mode)
        os.rename(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise FileOpsError(path, 'write failed: %s' % exc)
    _fsync_dir(directory)
    return backup_file


def remove(path, backup=False):
    """Remove ``path`` if it exists; return ``(removed, backup_file)``."""
    if not os.path.lexists(path):
        return False, None
    backup_file = make_backup(path) if backup else None
    try:
        os.unlink(path)
    except OSError as exc:
        raise FileOpsError(path, 'cannot remove: %s' % exc)
    _fsync_dir(os.path.dirname(os.path.abspath(path)))
    return True, backup_file


def attributes_differ(path, mode=None, owner=None, group=None):
    """True when ``path`` exists and its mode/owner/group differ from what is asked."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    want_mode = parse_mode(mode)
    if want_mode is not None and stat.S_IMODE(st.st_mode) != want_mode:
        return True
    uid = resolve_uid(owner)
    if uid is not None and st.st_uid != uid:
        return True
    gid = resolve_gid(group)
    if gid is not None and st.st_gid != gid:
        return True
    return False


def snapshot(paths):
    """Record the state of ``paths`` for a later ``restore``.

    Returns ``{path: None}`` for a missing file, else
    ``{path: (bytes, mode, uid, gid)}``.
    """
    state = {}
    for path in paths:
        if path in state:
            continue
        try:
            st = os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                state[path] = None
                continue
            raise FileOpsError(path, 'cannot stat: %s' % exc)
        data = read_bytes(path)
        state[path] = (data, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid)
    return state


def restore(state):
    """Put every file recorded by ``snapshot`` back; return the paths touched.

    Files that did not exist are removed.  Errors are collected and raised
    together after every file has been tried.
    """
    touched = []
    errors = []
    for path in sorted(state):
        saved = state[path]
        try:
            if saved is None:
                if os.path.lexists(path):
                    os.unlink(path)
                    touched.append(path)
                continue
            data, mode, uid, gid = saved
            if read_bytes(path) == data and not attributes_differ(path, mode, uid, gid):
                continue
            atomic_write(path, data, mode=mode, owner=uid, group=gid)
            touched.append(path)
        except (OSError, IOError, FileOpsError) as exc:
            errors.append('%s: %s' % (path, exc))
    if errors:
        raise FileOpsError(', '.join(sorted(state)), 'restore failed: %s' % '; '.join(errors))
    return touched
