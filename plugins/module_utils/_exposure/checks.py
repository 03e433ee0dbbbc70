# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""CIS RHEL 6 2.1.x and RHEL 6 STIG checks of one host (pure, Python 2.7 and 3.6+).

:func:`host_checks` judges the report's service records, the package
states (read with :func:`parse_dpkg_query` / :func:`parse_rpm_query`),
xinetd's boot state and the init scripts; each check is
{id, title, status, evidence}, the evidence naming file and line.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


# CIS Red Hat Enterprise Linux 6 Benchmark v2.0.2, section 2.1 (inetd services):
# id -> (title, xinetd service names)
CIS_XINETD = (
    ('CIS 2.1.1', 'chargen services are not enabled', ('chargen',)),
    ('CIS 2.1.2', 'daytime services are not enabled', ('daytime',)),
    ('CIS 2.1.3', 'discard services are not enabled', ('discard',)),
    ('CIS 2.1.4', 'echo services are not enabled', ('echo',)),
    ('CIS 2.1.5', 'time services are not enabled', ('time',)),
    ('CIS 2.1.6', 'rsh server (rsh, rlogin, rexec) is not enabled',
     ('shell', 'login', 'exec', 'rsh', 'rlogin', 'rexec')),
    ('CIS 2.1.7', 'talk server is not enabled', ('talk', 'ntalk')),
    ('CIS 2.1.8', 'telnet server is not enabled', ('telnet',)),
    ('CIS 2.1.9', 'tftp server is not enabled', ('tftp',)),
    ('CIS 2.1.10', 'rsync service is not enabled', ('rsync',)),
)

# DISA RHEL 6 STIG: xinetd services that must be off
STIG_XINETD = (
    ('RHEL-06-000211', 'the telnet daemon must not be running', ('telnet',)),
    ('RHEL-06-000214', 'the rshd service must not be running', ('shell', 'rsh')),
    ('RHEL-06-000216', 'the rexecd service must not be running', ('exec', 'rexec')),
    ('RHEL-06-000218', 'the rlogind service must not be running', ('login', 'rlogin')),
    ('RHEL-06-000223', 'the TFTP service must not be running', ('tftp',)),
)

# DISA RHEL 6 STIG: packages that must not be installed (RHEL name)
STIG_PACKAGES = (
    ('RHEL-06-000206', 'the telnet-server package must not be installed', 'telnet-server'),
    ('RHEL-06-000213', 'the rsh-server package must not be installed', 'rsh-server'),
    ('RHEL-06-000222', 'the tftp-server package must not be installed', 'tftp-server'),
)

# RHEL package -> the packages that provide the same server on Debian
PACKAGE_EQUIVALENTS = {
    'telnet-server': ('telnetd', 'inetutils-telnetd', 'telnetd-ssl'),
    'rsh-server': ('rsh-server', 'rsh-redone-server'),
    'tftp-server': ('tftpd', 'tftpd-hpa', 'atftpd'),
    'xinetd': ('xinetd',),
    'rsync': ('rsync',),
}

IMPLEMENTED_CHECKS = tuple(c[0] for c in CIS_XINETD) + ('CIS 2.1.11',) + \
    tuple(c[0] for c in STIG_XINETD) + tuple(c[0] for c in STIG_PACKAGES) + \
    ('RHEL-06-000203', 'RHEL-06-000204', 'RHEL-06-000338')


def _where(rec):
    return '%s:%s' % (rec.get('file'), rec.get('lineno'))


def _entries_named(services, inactive, names):
    names = set(n.lower() for n in names)

    def hit(rec):
        return (rec.get('name') or '').lower() in names or \
            (rec.get('id') or '').lower().split('-')[0] in names
    return ([r for r in services.values() if hit(r)], [r for r in inactive if hit(r)])


def _off_check(check_id, title, names, services, inactive, chkconfig_view=None):
    active, off = _entries_named(services, inactive, names)
    if active:
        evidence = ['%s service %s (id %s) is served by xinetd%s' % (
            _where(r), r['name'], r['id'],
            ', listening on %s' % ', '.join(r['sockets']) if r.get('sockets') else '')
            for r in active]
        return {'id': check_id, 'title': title, 'status': 'fail', 'evidence': evidence}
    evidence = ['%s service %s (id %s) is off: %s' % (_where(r), r['name'], r['id'],
                                                      r.get('reason') or 'disabled') for r in off]
    if chkconfig_view:
        for r in off:
            base = (r.get('file') or '').rsplit('/', 1)[-1]
            if chkconfig_view.get(base) is True:
                evidence.append('%s: chkconfig --list would show it "on" (it reads only '
                                'lowercase "disable" lines); xinetd does not serve it'
                                % r.get('file'))
    if not evidence:
        evidence = ['no xinetd entry named %s' % ', '.join(names)]
    return {'id': check_id, 'title': title, 'status': 'pass', 'evidence': evidence}


def host_checks(services, inactive, packages, xinetd_boot, xinetd_running, sysv=None,
                chkconfig_view=None):
    """CIS RHEL 6 2.1.x and RHEL 6 STIG checks, each {id, title, status, evidence}.

    services / inactive: the report's service dicts (active / not active).
    packages: {rhel_name: {'installed': bool|None, 'evidence': str}}.
    xinetd_boot: {'enabled': bool, 'evidence': str}; xinetd_running: pid or None.
    sysv: {script: {'runlevels': {...}}}; chkconfig_view: {file: chkconfig's on/off}.
    """
    boot = xinetd_boot or {}
    active = sorted(services)
    checks = _cis_service_checks(services, inactive, sysv, chkconfig_view)
    checks.append(_xinetd_boot_check(boot))
    checks.extend(_off_check(check_id, title, names, services, inactive, chkconfig_view)
                  for check_id, title, names in STIG_XINETD)
    checks.extend(_package_check(check_id, title, rhel_name, packages)
                  for check_id, title, rhel_name in STIG_PACKAGES)
    checks.append(_xinetd_unused_check(active, boot, xinetd_running))
    checks.append(_xinetd_package_check(active, packages))
    checks.append(_tftp_secure_check(services))
    return checks


def _cis_service_checks(services, inactive, sysv, chkconfig_view):
    """CIS 2.1.1 to 2.1.10: the xinetd entries (and rsync's init script) are off."""
    checks = []
    for check_id, title, names in CIS_XINETD:
        check = _off_check(check_id, title, names, services, inactive, chkconfig_view)
        if check_id == 'CIS 2.1.10' and sysv and 'rsync' in sysv:
            _add_rsync_init_script(check, sysv['rsync'])
        checks.append(check)
    return checks


def _add_rsync_init_script(check, rsync):
    on = [lvl for lvl, st in sorted(rsync['runlevels'].items()) if st == 'on']
    if on:
        check['status'] = 'fail'
        check['evidence'].append('init script rsync is on in runlevels %s' % ' '.join(on))
    else:
        check['evidence'].append('init script rsync is off in every runlevel')


def _xinetd_boot_check(boot):
    """CIS 2.1.11: xinetd does not start at boot."""
    return {'id': 'CIS 2.1.11', 'title': 'xinetd is not enabled',
            'status': 'fail' if boot.get('enabled') else 'pass',
            'evidence': [boot.get('evidence') or 'xinetd has no start link']}


def _xinetd_unused_check(active, boot, xinetd_running):
    """RHEL-06-000203: xinetd neither starts nor runs when it serves nothing."""
    running = 'xinetd runs (pid %s)' % xinetd_running if xinetd_running else 'xinetd is not running'
    if active:
        status = 'pass'
        evidence = ['xinetd serves %d service(s): %s' % (len(active), ', '.join(active))]
    elif boot.get('enabled') or xinetd_running:
        status = 'fail'
        evidence = ['no xinetd service is enabled, yet: %s; %s'
                    % (boot.get('evidence') or 'xinetd starts at boot', running)]
    else:
        status = 'pass'
        evidence = ['xinetd is neither enabled at boot nor running (%s)' % running]
    return {'id': 'RHEL-06-000203',
            'title': 'xinetd must be disabled if no network services use it',
            'status': status, 'evidence': evidence}


def _xinetd_package_check(active, packages):
    """RHEL-06-000204: the xinetd package is absent when it serves nothing."""
    pkg = (packages or {}).get('xinetd') or {}
    if active:
        status, evidence = 'pass', ['xinetd is in use: %s' % ', '.join(active)]
    elif pkg.get('installed') is False:
        status, evidence = 'pass', [pkg.get('evidence') or 'xinetd is not installed']
    else:
        status = 'fail'
        evidence = ['no xinetd service is enabled and the package is %s: %s' % (
            'installed' if pkg.get('installed') else 'not proven absent',
            pkg.get('evidence') or 'no package query')]
    return {'id': 'RHEL-06-000204',
            'title': 'xinetd must be uninstalled if no network services use it',
            'status': status, 'evidence': evidence}


def _tftp_secure_check(services):
    """RHEL-06-000338: every tftp entry xinetd serves runs with ``-s``."""
    title = 'the TFTP daemon must operate in secure mode'
    tftp = [r for r in services.values() if (r.get('name') or '').lower() == 'tftp']
    if not tftp:
        return {'id': 'RHEL-06-000338', 'title': title,
                'status': 'pass', 'evidence': ['not applicable: xinetd serves no tftp entry']}
    bad = [r for r in tftp if '-s' not in (r.get('server_args') or [])]
    return {'id': 'RHEL-06-000338', 'title': title,
            'status': 'fail' if bad else 'pass',
            'evidence': ['%s server_args = %s' % (_where(r), ' '.join(r.get('server_args') or []) or '(none)')
                         for r in tftp]}


def _package_check(check_id, title, rhel_name, packages):
    """A package that must not be installed: only a query that says so passes."""
    pkg = (packages or {}).get(rhel_name) or {}
    status = 'pass' if pkg.get('installed') is False else 'fail'
    evidence = pkg.get('evidence') or 'no package manager answered: absence not proven'
    return {'id': check_id, 'title': title, 'status': status, 'evidence': [evidence]}


def parse_dpkg_query(out, err, names):
    """``dpkg-query -W -f '${Package} ${Status}\\n' NAMES`` -> {name: installed}."""
    found = dict((n, False) for n in names)
    for line in (out or '').splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[0].split(':')[0] in found:
            found[fields[0].split(':')[0]] = fields[-1] == 'installed' and fields[1] != 'deinstall'
    return found


def parse_rpm_query(out, names):
    """``rpm -q NAMES`` -> {name: installed}."""
    found = dict((n, None) for n in names)
    lines = (out or '').splitlines()
    for name in names:
        if any(line.strip() == 'package %s is not installed' % name for line in lines):
            found[name] = False
        elif any(line.startswith(name + '-') for line in lines):
            found[name] = True
    return found
