# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What one xinetd release does otherwise than another, and the check that
follows the release found on the target.

The validator (``_xinetd.rules``) describes xinetd 2.3.15.3, the release
the engine is tested against.  This table lists what other releases do
differently with a text that 2.3.15.3 loads, each entry measured with the
real daemon (xinetd 2.3.14 in the EL6 tools test image, see
tests/reliability/test_el6_xinetd.py).  The modules call ``problems()``
before writing: on a target whose ``xinetd -version`` falls in an entry's
range, a text that hits it is refused, so nothing is written or reloaded.

Pure standard library (plus the collection's parser), Python 2.7 and 3.6+.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.sysv.services.plugins.module_utils._xinetd.model import Diagnostic
from ansible_collections.sysv.services.plugins.module_utils._xinetd.parser import parse


def parse_version(text):
    """(2, 3, 14) from ``xinetd -version`` output
    ("xinetd Version 2.3.14 libwrap loadavg"), or None."""
    m = re.search(r'[Vv]ersion\s+(\d+(?:\.\d+)+)', text or '')
    if not m:
        return None
    return tuple(int(part) for part in m.group(1).split('.'))


def version_text(version):
    return '.'.join(str(part) for part in version)


def _first_values(block, key):
    """The values of the first ``key = ...`` line of a block, lower-cased."""
    attr = block.get(key)
    if attr is None or attr.op != '=':
        return []
    return [v.lower() for v in attr.values]


def _flags_ipv4_ipv6(block):
    flags = set()
    for attr in block.attributes():
        if attr.key == 'flags':
            # xinetd matches flag names without regard to case (strcasecmp)
            flags.update(v.lower() for v in attr.values)
    return 'ipv4' in flags and 'ipv6' in flags


def _dgram_wait_no(block):
    return _first_values(block, 'socket_type') == ['dgram'] and _first_values(block, 'wait') == ['no']


# code -> (lowest version, highest version) inclusive (None: open), test, message
DIFFERENCES = {
    'flags-ipv4-ipv6': {
        'range': (None, (2, 3, 14)),
        'test': _flags_ipv4_ipv6,
        'doc': 'xinetd 2.3.14 (and older) drops a service whose flags hold both IPv4 and IPv6: '
               'nothing listens, where 2.3.15 serves it; refused before writing on such a host',
        'message': 'xinetd %(version)s on this host drops a service whose flags hold both IPv4 '
                   'and IPv6 (nothing listens; 2.3.15 serves it on both): keep one of them',
    },
    'dgram-wait-no': {
        'range': ((2, 3, 15, 4), None),
        'test': _dgram_wait_no,
        'doc': 'xinetd 2.3.15.4 and newer reject socket_type dgram with wait = no, which 2.3.15.3 '
               'and 2.3.14 serve (xinetd-spec.md); refused before writing on such a host',
        'message': 'xinetd %(version)s on this host rejects socket_type dgram with wait = no '
                   '(2.3.15.3 and 2.3.14 accept it): use wait = yes',
    },
}


def _repeated_defaults_log_type(doc):
    return any(len([a for a in block.attributes() if a.key == 'log_type']) > 1
               for block in doc.defaults())


def _bad_disable_then_no(doc):
    """A service whose first ``disable = VALUE`` line has a bad value and a later one says ``no``."""
    for block in doc.services():
        values = [a.values[0].lower() for a in block.attributes()
                  if a.key == 'disable' and a.op == '=' and len(a.values) == 1]
        if values and values[0] not in ('yes', 'no') and 'no' in values[1:]:
            return True
    return False


# Measured the other way round: an older release loads what 2.3.15.3 (and so
# the validator, which refuses it everywhere) does not. Nothing to refuse;
# listed so that the record of version differences is complete.
ACCEPTED_BY_OLDER = {
    'defaults-repeated-log-type': {
        'range': (None, (2, 3, 14)),
        'test': _repeated_defaults_log_type,
        'doc': 'two log_type lines in defaults: xinetd 2.3.15.3 exits, 2.3.14 keeps running '
               'and serves the services (found by this test; the validator refuses it on every '
               'release, so nothing changes for the modules)',
    },
    'bad-disable-then-no': {
        'range': (None, (2, 3, 14)),
        'test': _bad_disable_then_no,
        'doc': 'a bad disable value (disable = maybe) followed by disable = no: xinetd 2.3.15.3 '
               'keeps the entry off, 2.3.14 serves it (its disable parser clears the flag the bad '
               'value set; found by this test; the validator refuses the bad value on every '
               'release, so nothing changes for the modules)',
    },
}


def applies(code, version):
    low, high = (DIFFERENCES.get(code) or ACCEPTED_BY_OLDER[code])['range']
    if version is None:
        return False
    if low is not None and version < low:
        return False
    if high is not None and version > high:
        return False
    return True


def check_text(text, version):
    """[Diagnostic] for the services of ``text`` that the given xinetd
    version drops where 2.3.15.3 would serve them (severity error, effect
    service-dropped, the entry's line)."""
    found = []
    if version is None:
        return found
    doc, dummy = parse(text)
    for block in doc.services():
        for code in sorted(DIFFERENCES):
            entry = DIFFERENCES[code]
            if applies(code, version) and entry['test'](block):
                found.append(Diagnostic('error', code, entry['message'] % {'version': version_text(version)},
                                        lineno=block.lineno, service=block.name, effect='service-dropped'))
    return found


def detect(module):
    """The version of the xinetd on the target (``xinetd -version``), or None
    when there is no xinetd binary or it does not say."""
    binary = module.get_bin_path('xinetd', opt_dirs=['/usr/sbin', '/sbin'])
    if not binary:
        return None
    rc, out, err = module.run_command([binary, '-version'])
    return parse_version('%s\n%s' % (out, err))


def problems(module, files):
    """Messages for the pending files (``[(path, text)]``, text None for a
    removal) that the target's xinetd release would not load as 2.3.15.3
    does; empty when there is nothing to write or no xinetd to ask."""
    pending = [(path, text) for path, text in files if text]
    if not pending:
        return []
    version = detect(module)
    messages = []
    for path, text in pending:
        for item in check_text(text, version):
            messages.append('%s: service %s: %s' % (path, item.service, item.message))
    return messages
