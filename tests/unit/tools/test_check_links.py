# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""tools/check_links.py on small tarballs: a link to a shipped file passes,
one to a missing file fails naming it, unless its paragraph says "not
shipped"; URLs and anchors are not files."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import io
import os
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, '..', '..', '..', 'tools', 'check_links.py')


def _tarball(tmp_path, files):
    path = str(tmp_path / 'c.tar.gz')
    with tarfile.open(path, 'w:gz') as tar:
        for name, text in files.items():
            data = text.encode('utf-8')
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _run(path):
    proc = subprocess.Popen([sys.executable, TOOL, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, _err = proc.communicate()
    return proc.returncode, out.decode('utf-8')


def test_links_to_shipped_files_urls_and_anchors_pass(tmp_path):
    rc, out = _run(_tarball(tmp_path, {
        'README.md': 'See [the matrix](docs/support-matrix.md#el-6), [the docs](docs/guides),\n'
                     '[upstream](https://example.invalid/x.md), [below](#install) and\n'
                     '![a picture](docs/pic.png "title").\n',
        'docs/support-matrix.md': 'Back to the [README](../README.md).\n',
        'docs/guides/service.md': 'x\n',
        'docs/pic.png': 'png',
    }))
    assert rc == 0, out
    assert 'check_links: 3 Markdown files, 0 broken links' in out


def test_a_link_to_a_missing_file_fails_naming_it(tmp_path):
    rc, out = _run(_tarball(tmp_path, {
        'README.md': 'Figures in [the benchmarks](docs/benchmarks.md).\n\n'
                     'The design is in [architecture](docs/dev/architecture.md) (not\nshipped in the tarball).\n',
        'docs/guides/a.md': 'See [b](../b.md).\n',
    }))
    assert rc == 1
    assert 'README.md: link to docs/benchmarks.md (docs/benchmarks.md) is not in the tarball' in out
    assert 'docs/guides/a.md: link to ../b.md (docs/b.md) is not in the tarball' in out
    assert 'architecture' not in out
    assert '2 broken links' in out
