# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""_import_once: the collection's code imported from a real zip, compiled once."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib
import os
import py_compile
import sys
import traceback
import zipfile
import zipimport

import pytest

from ansible_collections.sysv.services.plugins.module_utils import _import_once

PY3 = sys.version_info[0] >= 3
needs_py3 = pytest.mark.skipif(not PY3, reason='Python 2 imports through find_module; install() leaves it alone')

# a package of its own, so that the collection's modules already imported
# by the test run are not disturbed (the modules this test imports are
# imported above, before the zip goes on sys.path: an import that searched
# sys.path would read the zip's directory before a test adds to it)
PKG = 'zonce_pkg'

SOURCES = {
    PKG + '/__init__.py': b'VALUE = "top"\n',
    PKG + '/sub/__init__.py': b'from . import leaf\n',
    PKG + '/sub/leaf.py': (b'# -*- coding: latin-1 -*-\n'
                           b'TEXT = u"caf\xe9"\n'
                           b'def fail():\n'
                           b'    raise ValueError("from the zip")  # marker line\n'),
}


@pytest.fixture
def zipped(tmp_path):
    """A zip on sys.path holding PKG, and a finder for PKG; all undone after."""
    archive = str(tmp_path / 'payload.zip')
    with zipfile.ZipFile(archive, 'w', zipfile.ZIP_DEFLATED) as zf:
        for name, data in SOURCES.items():
            zf.writestr(name, data)
    saved_path, saved_meta = list(sys.path), list(sys.meta_path)
    sys.path.insert(0, archive)
    yield archive
    sys.path[:], sys.meta_path[:] = saved_path, saved_meta
    for name in list(sys.modules):
        if name == PKG or name.startswith(PKG + '.'):
            del sys.modules[name]
    sys.path_importer_cache.clear()


def _finder():
    from importlib.machinery import PathFinder
    from importlib.util import spec_from_loader
    finder = _import_once._ZipSourceFinder(zipimport, spec_from_loader, os.sep, prefix=PKG + '.')
    sys.meta_path.insert(sys.meta_path.index(PathFinder), finder)
    return finder


def _count_compiles(monkeypatch, archive):
    """Count compile() calls per file of the archive (zipimport and the loader both call it)."""
    counts = {}
    try:
        import builtins
    except ImportError:  # pragma: no cover - Python 2
        import __builtin__ as builtins
    real = builtins.compile

    def counting(source, filename, *args, **kwargs):
        if str(filename).startswith(archive):
            rel = os.path.relpath(str(filename), archive)
            counts[rel] = counts.get(rel, 0) + 1
        return real(source, filename, *args, **kwargs)
    monkeypatch.setattr(builtins, 'compile', counting)
    return counts


@needs_py3
def test_install_puts_one_finder_before_the_path_finder():
    from importlib.machinery import PathFinder
    saved = list(sys.meta_path)
    try:
        sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _import_once._ZipSourceFinder)]
        _import_once.install()
        _import_once.install()
        ours = [i for i, f in enumerate(sys.meta_path) if isinstance(f, _import_once._ZipSourceFinder)]
        assert len(ours) == 1
        assert sys.meta_path[ours[0] + 1] is PathFinder
    finally:
        sys.meta_path[:] = saved


@pytest.mark.skipif(PY3, reason='the Python 2 case')
def test_install_leaves_python2_alone():
    saved = list(sys.meta_path)
    _import_once.install()
    assert sys.meta_path == saved


@needs_py3
def test_modules_from_the_zip_are_compiled_once(zipped, monkeypatch):
    _finder()
    counts = _count_compiles(monkeypatch, zipped)
    leaf = importlib.import_module(PKG + '.sub.leaf')
    # the top-level package is zipimport's (the finder takes names below
    # its prefix only); the modules below it are compiled once
    assert counts[os.path.join(PKG, 'sub', '__init__.py')] == 1
    assert counts[os.path.join(PKG, 'sub', 'leaf.py')] == 1
    # what the import system would have given: file names in the zip,
    # package paths, the source's own encoding
    assert leaf.TEXT == u'caf\xe9'
    assert leaf.__file__ == os.path.join(zipped, PKG, 'sub', 'leaf.py')
    top = sys.modules[PKG]
    assert top.VALUE == 'top'
    assert top.__path__ == [os.path.join(zipped, PKG)]
    assert sys.modules[PKG + '.sub'].__path__ == [os.path.join(zipped, PKG, 'sub')]
    assert isinstance(leaf.__loader__, _import_once._ZipSourceLoader)
    # asked again (a reload), the loader reads the source from the zip again
    again = {}
    exec(leaf.__loader__.get_code(leaf.__name__), again)
    assert again['TEXT'] == u'caf\xe9'


@needs_py3
def test_zipimport_alone_compiles_each_module_twice(zipped, monkeypatch):
    """The cost the finder removes, measured on this Python (python/cpython#141276)."""
    if sys.version_info < (3, 8):
        pytest.skip('zipimport is C code before Python 3.8: its compiles do not go through builtins.compile')
    counts = _count_compiles(monkeypatch, zipped)
    importlib.import_module(PKG + '.sub.leaf')
    assert counts[os.path.join(PKG, 'sub', 'leaf.py')] == 2


@needs_py3
def test_a_traceback_shows_the_zipped_source_line(zipped):
    _finder()
    leaf = importlib.import_module(PKG + '.sub.leaf')
    with pytest.raises(ValueError) as caught:
        leaf.fail()
    text = ''.join(traceback.format_exception(caught.type, caught.value, caught.tb))
    assert os.path.join(zipped, PKG, 'sub', 'leaf.py') in text
    assert 'raise ValueError("from the zip")  # marker line' in text


@needs_py3
def test_bytecode_only_modules_are_left_to_zipimport(zipped, tmp_path):
    source = tmp_path / 'compiled.py'
    source.write_text(u'ANSWER = 42\n')
    pyc = str(tmp_path / 'compiled.pyc')
    py_compile.compile(str(source), cfile=pyc, doraise=True)
    with zipfile.ZipFile(zipped, 'a') as zf:
        zf.write(pyc, PKG + '/compiled.pyc')
    _finder()
    module = importlib.import_module(PKG + '.compiled')
    assert module.ANSWER == 42
    assert isinstance(module.__loader__, zipimport.zipimporter)


@needs_py3
def test_names_outside_the_prefix_and_plain_directories_are_declined(tmp_path):
    from importlib.util import spec_from_loader
    finder = _import_once._ZipSourceFinder(zipimport, spec_from_loader, os.sep, prefix=PKG + '.')
    (tmp_path / 'plain').mkdir()
    assert finder.find_spec('other_pkg.mod', [str(tmp_path)]) is None
    assert finder.find_spec(PKG + '.mod', [str(tmp_path / 'plain')]) is None
    assert finder.find_spec(PKG, None) is None
