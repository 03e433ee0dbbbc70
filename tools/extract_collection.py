# -*- coding: utf-8 -*-
"""Extract one collection from the ``ansible`` community package wheel.

    python tools/extract_collection.py WHEEL NAMESPACE.NAME DEST

Galaxy cannot be reached from the build machines, but every collection the
tests need (containers.podman for Molecule's podman driver) ships inside the
``ansible`` package on PyPI. This copies
``ansible_collections/NAMESPACE/NAME`` out of the wheel into
``DEST/ansible_collections/NAMESPACE/NAME`` and nothing else.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shutil
import sys
import zipfile


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    wheel, fqcn, dest = argv[1:]
    namespace, name = fqcn.split('.')
    prefix = 'ansible_collections/%s/%s/' % (namespace, name)
    target = os.path.join(dest, 'ansible_collections', namespace, name)
    if os.path.isdir(target):
        shutil.rmtree(target)
    count = 0
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.infolist():
            if not member.filename.startswith(prefix) or member.filename.endswith('/'):
                continue
            rel = member.filename[len('ansible_collections/'):]
            path = os.path.join(dest, 'ansible_collections', *rel.split('/'))
            if not os.path.isdir(os.path.dirname(path)):
                os.makedirs(os.path.dirname(path))
            with archive.open(member) as src, open(path, 'wb') as out:
                shutil.copyfileobj(src, out)
            count += 1
    if not count:
        sys.stderr.write('%s not found in %s\n' % (fqcn, wheel))
        return 1
    print('extracted %s (%d files) to %s' % (fqcn, count, target))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
