# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Import the collection's own code from a module's zip with one compile each.

A module runs on the target from the zip Ansible sends (AnsiballZ), through
Python's ``zipimport``.  On Python 3 (the C ``zipimport`` of 3.6 and 3.7 as
well as the Python one of 3.8 and later), every source module it imports is
compiled twice: the import system asks for the module's file name while it
builds the spec, and ``zipimport`` answers ``get_filename`` by loading the
module's code, which compiles the source; ``get_code`` then compiles it
again.  This is python/cpython#141276.  For the collection's engine that is
about 280 KB of source compiled for nothing on every module run (measured:
about 35 ms of a ``xinetd_config`` no-op's 300 ms on Debian 12's Python
3.11).  Python 2.7's ``zipimport`` compiles once.

``install()`` puts a finder in ``sys.meta_path``, just before the path
finder that would otherwise ask ``zipimport``.  It takes only the
names under ``ansible_collections.sysv.services.`` and only when they come
from a zip: it reads the source with the zip importer's own ``get_data``
and compiles it once, when the module is executed.  Anything it does not
recognise (no zip, no ``.py`` source in it) is left to the usual import
system, and on Python 2, whose C ``zipimport`` compiles once, nothing is
installed.  Modules call it before importing the engine; the modules Ansible
imports before the collection's (``ansible.module_utils.basic``) are not
affected.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import sys

_PREFIX = 'ansible_collections.sysv.services.'


class _ZipSourceLoader(object):
    """Loader for one module found in a zip: compile its source once, run it."""

    def __init__(self, importer, fullname, filename, is_package, data):
        self._importer = importer
        self._fullname = fullname
        self._filename = filename
        self._is_package = is_package
        self._data = data  # the source, read once by the finder; dropped once compiled

    def create_module(self, spec):
        return None  # the default module object

    def get_filename(self, fullname):
        return self._filename

    def is_package(self, fullname):
        return self._is_package

    def get_source(self, fullname):
        # decoded as the import system does (coding cookie, universal newlines)
        from importlib.util import decode_source
        return decode_source(self._importer.get_data(self._filename))

    def get_code(self, fullname):
        data, self._data = self._data, None
        if data is None:
            data = self._importer.get_data(self._filename)
        # bytes, as zipimport passes them: compile() honours a coding cookie
        return compile(data, self._filename, 'exec', dont_inherit=True)

    def exec_module(self, module):
        exec(self.get_code(self._fullname), module.__dict__)


class _ZipSourceFinder(object):
    """Meta path finder for the collection's modules found in a zip."""

    def __init__(self, zipimport, spec_from_loader, sep, prefix=_PREFIX):
        self._zipimport = zipimport
        self._spec_from_loader = spec_from_loader
        self._sep = sep
        self._prefix = prefix

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith(self._prefix) or not path:
            return None
        tail = fullname.rpartition('.')[2]
        for entry in path:
            importer = self._importer(entry)
            if importer is None:
                continue
            try:
                is_package = importer.is_package(fullname)
            except self._zipimport.ZipImportError:
                continue  # not in this entry
            base = entry + self._sep + tail
            filename = base + self._sep + '__init__.py' if is_package else base + '.py'
            try:
                data = importer.get_data(filename)
            except (IOError, OSError):
                return None  # bytecode only: the usual import system handles it
            loader = _ZipSourceLoader(importer, fullname, filename, is_package, data)
            spec = self._spec_from_loader(fullname, loader, origin=filename, is_package=is_package)
            spec.has_location = True
            if is_package:
                spec.submodule_search_locations = [base]
            return spec
        return None

    def _importer(self, entry):
        if entry in sys.path_importer_cache:
            importer = sys.path_importer_cache[entry]
            return importer if isinstance(importer, self._zipimport.zipimporter) else None
        try:
            importer = self._zipimport.zipimporter(entry)
        except self._zipimport.ZipImportError:
            return None  # not a path into a zip: left to the usual import system
        sys.path_importer_cache[entry] = importer
        return importer


def install():
    """Put the finder just before the path finder in sys.meta_path, once.

    Nothing is installed on Python 2 or when sys.meta_path has no path
    finder.
    """
    if sys.version_info[0] < 3:
        return
    from importlib.machinery import PathFinder
    position = None
    for index, finder in enumerate(sys.meta_path):
        if isinstance(finder, _ZipSourceFinder):
            return
        if finder is PathFinder and position is None:
            position = index
    if position is None:
        return
    import os
    import zipimport
    from importlib.util import spec_from_loader
    sys.meta_path.insert(position, _ZipSourceFinder(zipimport, spec_from_loader, os.sep))
