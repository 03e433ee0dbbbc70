# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Relative links of the Markdown files a release tarball ships must resolve in it.

  python3 tools/check_links.py TARBALL

Every ``[text](target)`` of every ``*.md`` file in the tarball whose target
is a relative path (not a URL, not an anchor in the same page) must name a
file or directory of the tarball, unless the paragraph that holds the link
says the target is "not shipped" (a development document, linked for those
who read the source tree). Prints each broken link and exits 1 if any.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import posixpath
import re
import sys
import tarfile

LINK = re.compile(r'!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)')


def shipped_names(tar):
    names = set()
    for member in tar.getmembers():
        name = member.name.rstrip('/')
        names.add(name)
        parent = posixpath.dirname(name)
        while parent:
            names.add(parent)
            parent = posixpath.dirname(parent)
    return names


def broken_links(path, text, names):
    problems = []
    for paragraph in re.split(r'\n\s*\n', text):
        for target in LINK.findall(paragraph):
            if re.match(r'^[a-z][a-z0-9+.-]*:', target, re.I) or target.startswith('#'):
                continue
            file_part = target.split('#', 1)[0]
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), file_part))
            if resolved in names:
                continue
            if 'not shipped' in re.sub(r'\s+', ' ', paragraph):
                continue
            problems.append('%s: link to %s (%s) is not in the tarball' % (path, target, resolved))
    return problems


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    with tarfile.open(argv[1]) as tar:
        names = shipped_names(tar)
        problems = []
        checked = 0
        for member in tar.getmembers():
            if member.isfile() and member.name.endswith('.md'):
                text = tar.extractfile(member).read().decode('utf-8')
                checked += 1
                problems.extend(broken_links(member.name, text, names))
    for problem in problems:
        print('ERROR: %s' % problem)
    print('check_links: %d Markdown files, %d broken links' % (checked, len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
