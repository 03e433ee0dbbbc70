# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """PRIVATE to the collection: where the running xinetd and its files are.

    One option per variant, so each module takes exactly the options it has.
    """

    # The running xinetd, for every module that finds, reloads or reports it.
    DOCUMENTATION = r'''
options:
  pidfile:
    description:
      - Pidfile of the running xinetd; when set, only the process it names counts as the running xinetd.
      - By default C(/run/xinetd.pid), then C(/var/run/xinetd.pid), then a process named C(xinetd).
    type: path
'''

    # xinetd's main configuration file, as the option path.
    MAIN_FILE = r'''
options:
  path:
    description:
      - The main xinetd configuration file.
    type: path
    default: /etc/xinetd.conf
'''

    # The service files, for the modules that work below a root directory (option root).
    SERVICE_DIR = r'''
options:
  xinetd_dir:
    description:
      - Directory of the xinetd service files (below I(root)).
    type: path
    default: /etc/xinetd.d
'''
