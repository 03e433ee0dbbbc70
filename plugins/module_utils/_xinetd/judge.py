# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How xinetd_service and xinetd_config judge the files of a task.

One engine: a file is judged by loading the whole configuration as it will
be once the task's files are written (``_xinetd.effective.load`` with the
files overlaid, the path xinetd_info reads) and refusing what that load
says xinetd would not serve, would misread or would exit on, plus the
collection's stricter policies, each named as such in its message.  So a
module cannot judge a file differently from xinetd_info.

Pure standard library; runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import os

from ansible_collections.sysv.services.plugins.module_utils._xinetd import effective as _xinetd_effective
from ansible_collections.sysv.services.plugins.module_utils._xinetd.parser import parse


# -- the collection's rules on the shape of a file -------------------------------------

def _where(path, lineno):
    return '%s line %s' % (path, lineno) if lineno else path


def validate_service_text(text, name, path):
    """What a service file must hold, by the collection's rules: ``[errors]``.

    One file holds the entries of the service it is named after, and no
    ``defaults`` or include directives.  What xinetd does with the entries
    is judged by :func:`judge` on the whole configuration.
    """
    errors = []
    doc, dummy = parse(text if text.endswith('\n') else text + '\n', path)
    names = [block.name for block in doc.services()]
    if name not in names:
        errors.append('%s: the file holds no "service %s" entry (it holds: %s); the '
                      "collection's rule: a service file defines the service it is named after"
                      % (path, name, ', '.join(names) or 'no service'))
    others = sorted(set(n for n in names if n != name))
    if others:
        errors.append("%s: the file also defines service %s; the collection's rule: one file "
                      'holds one service name (several ids of it are fine)' % (path, ', '.join(others)))
    if doc.defaults():
        errors.append("%s: a defaults entry in a service file would change every service; the "
                      "collection's rule: defaults belong in the main file (use xinetd_config)" % path)
    if doc.directives():
        errors.append("%s: include/includedir directives are not allowed in a service file (the "
                      "collection's rule: the main file decides what xinetd reads)" % path)
    return errors


def validate_config_text(text, path):
    """What the main file must hold, by the collection's rules: ``[errors]``."""
    doc, dummy = parse(text if text.endswith('\n') else text + '\n', path)
    if doc.services():
        return ["%s: service entries belong in the include directory, not in %s (the "
                "collection's rule: one file per service)" % (path, path)]
    return []


# -- judging files: the effective configuration with pending changes -----------------

class Overlay(object):
    """File system view with pending changes (``{path: text or None}``)."""

    def __init__(self, changes):
        self.changes = dict(changes)

    def read(self, path):
        if path in self.changes:
            if self.changes[path] is None:
                raise IOError(errno.ENOENT, 'No such file', path)
            return self.changes[path]
        return _xinetd_effective._default_reader(path)

    def listdir(self, directory):
        try:
            names = set(os.listdir(directory))
        except OSError:
            if not any(os.path.dirname(p) == directory.rstrip('/') for p in self.changes):
                raise
            names = set()
        for path, text in self.changes.items():
            if os.path.dirname(path) == directory.rstrip('/'):
                if text is None:
                    names.discard(os.path.basename(path))
                else:
                    names.add(os.path.basename(path))
        return sorted(names)

    def isfile(self, path):
        if path in self.changes:
            return self.changes[path] is not None
        return _xinetd_effective._default_isfile(path)


def load_view(main_path, changes, params, hooks=None, paths=(), judged=()):
    """``_xinetd.effective.load`` as it will be once ``changes`` are written.

    Returns ``(eff, alone)``: ``eff`` is the load of ``main_path`` (None when
    there is no main file); ``alone`` maps each of ``paths`` that the main
    file does not load to the load of that file on its own (the collection
    checks it as if it were included).  ``params`` gives ``services_file``
    and ``host_checks`` (``port`` and ``protocol`` switch the
    /etc/services and /etc/protocols checks, as in xinetd_info).
    """
    checks = set(params.get('host_checks') or ())
    overlay = Overlay(changes)
    options = dict(reader=overlay.read, listdir=overlay.listdir, isfile=overlay.isfile,
                   host=hooks,
                   services_file=params.get('services_file') if 'port' in checks else None,
                   protocols_file='/etc/protocols' if 'protocol' in checks else None)
    eff = None
    if main_path in overlay.changes or os.path.exists(main_path):
        eff = _xinetd_effective.load(main_path, judged=judged, **options)
    loaded = set(eff.files) if eff is not None else set()
    alone = {}
    for path in paths:
        if path not in loaded and overlay.changes.get(path, '') is not None and \
                overlay.isfile(path):
            alone[path] = _xinetd_effective.load(path, judged=[p for p in judged if p == path],
                                                 **options)
    return eff, alone


BLOCKING_EFFECTS = ('service-dropped', 'xinetd-exits', 'lines-lost')


def _names(problem, paths):
    message = problem.message or ''
    return [path for path in paths if path + ':' in message]


def _verdict(eff, validated, written):
    """``(errors, warnings)`` of one load for the files a task writes.

    validated: files the task renders (service files, the main file): every
    ``error``/``fatal`` finding of xinetd in them, and the collection's
    policy findings, refuse them; their warnings are reported.  written:
    every file the task writes (also files ``purge: disable`` rewrites): a
    finding elsewhere that names one of them with a blocking effect (two
    entries on one port, a duplicate id) refuses it too, and so does a
    blocking finding in it.
    """
    errors, warnings = [], []
    for problem in eff.problems + eff.policy:
        path = problem.file
        text = '%s: %s' % (_where(path, problem.lineno), problem.message)
        blocking = problem.severity in ('error', 'fatal')
        if path in validated:
            if blocking:
                errors.append(text)
            elif problem.code in _xinetd_effective.REFUSED_CODES:
                pass  # refused as the collection's policy (eff.policy)
            elif problem.severity == 'warning':
                warnings.append(text)
        elif blocking and problem.effect in BLOCKING_EFFECTS and \
                (path in written or _names(problem, written)):
            errors.append(text)
    return errors, warnings


def judge(main_path, changes, params, hooks=None, validated=()):
    """Judge the files of a task as xinetd will load them, before anything is written.

    changes: ``{path: text or None}`` (None: removed).  Loads the whole
    configuration with the changes overlaid (what xinetd_info reports once
    they are written) and returns ``(eff, errors, warnings)``: ``errors``
    holds what xinetd would not serve, misread or exit on in these files,
    and the collection's stricter policies (each named as such); a task
    refuses to write when it is not empty.
    """
    written = set(p for p, text in changes.items() if text is not None)
    validated = set(validated)
    eff, alone = load_view(main_path, changes, params, hooks, paths=sorted(validated),
                           judged=sorted(validated))
    errors, warnings = [], []
    for view in ([eff] if eff is not None else []) + [alone[p] for p in sorted(alone)]:
        errs, warns = _verdict(view, validated, written)
        errors.extend(e for e in errs if e not in errors)
        warnings.extend(w for w in warns if w not in warnings)
    return eff, errors, warnings


def expected_entries(main_path, params, paths, changes=None):
    """``[(id, entry)]``: the enabled entries with a port that ``paths`` serve once live.

    The files are read from disk, with ``changes`` (``{path: text}``) overlaid.
    """
    eff, alone = load_view(main_path, changes or {}, params, paths=paths)
    out = []
    for view in ([eff] if eff is not None else []) + [alone[p] for p in sorted(alone)]:
        for key in sorted(view.services):
            entry = view.services[key]
            if entry.get('file') in paths and entry.get('enabled') and entry.get('port'):
                out.append((entry.get('id') or key, entry))
    return out


def expected_ports(main_path, params, paths, changes=None):
    """``(service, protocol, port)`` that must listen once ``paths`` are live."""
    return [(key, entry.get('protocol'), entry.get('port'))
            for key, entry in expected_entries(main_path, params, paths, changes)]
