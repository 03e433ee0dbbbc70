# -*- coding: utf-8 -*-
"""Offline stand-in for the pip bootstrap script ansible-test downloads.

ansible-test creates its sanity virtualenvs without pip and then runs a
``get-pip`` script fetched from a CI file server to put pip into them
(``python get_pip_X_Y_Z.py --disable-pip-version-check pip==X.Y.Z ...``).
That server is not reachable from every build machine, and ansible-test
documents saving the script to ``~/.ansible/test/cache/`` by hand. This file
is what tools/sanity.sh saves there: it installs the interpreter's bundled
pip with ``ensurepip`` and then lets pip install the exact versions
ansible-test asked for, from the package index pip is configured for.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import subprocess
import sys

# get-pip.py's own flags: without them it would add setuptools and wheel.
# This shim only ever installs what is named, so they are dropped.
GET_PIP_FLAGS = ('--no-setuptools', '--no-wheel')


def main():
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_FLAGS]
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'])
    subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--upgrade', '--force-reinstall'] + args)


if __name__ == '__main__':
    main()
