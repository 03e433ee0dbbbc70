# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The documentation site (make docs) opened in headless Chromium.

Each module page must render, after the browser ran its scripts, with an
options table that holds every option ``ansible-doc`` documents and none of
the internal arguments; role pages hold their variables; the index links
every module, role and guide. A screenshot of the xinetd_service page goes
to build/docs/screenshots/ for a person to look at.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import shutil
import subprocess
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HTML = os.path.join(ROOT, 'build', 'docs', 'html')
PAGES = os.path.join(HTML, 'collections', 'sysv', 'services')
SHOTS = os.path.join(ROOT, 'build', 'docs', 'screenshots')
MODULES = ('chkconfig', 'chkconfig_info', 'xinetd_config', 'xinetd_info', 'xinetd_service')
ROLES = ('xinetd', 'telnet_hardening')
GUIDES = ('guide_standalone_and_xinetd', 'guide_telnet_hardening', 'guide_el6_hosts', 'guide_service',
          'guide_migrate_to_systemd')
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync']


def chromium():
    for name in ('chromium', 'chromium-browser'):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("Chromium is not installed (Debian package 'chromium'): the docs pages are not opened")


def browse(url, *args):
    profile = tempfile.mkdtemp(prefix='sysv-docs-chromium-')
    try:
        proc = subprocess.run([chromium()] + FLAGS + ['--user-data-dir=' + profile] + list(args) + [url],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert proc.returncode == 0, proc.stderr.decode('utf-8', 'replace')[-2000:]
    return proc.stdout.decode('utf-8', 'replace')


def url(path):
    return 'file://' + path


@pytest.fixture(scope='module')
def built():
    if not os.path.isfile(os.path.join(HTML, 'index.html')):
        pytest.fail('build/docs/html/index.html is missing: run make docs first')
    return HTML


def documented_options(module):
    doc = subprocess.run([os.path.join(ROOT, '.venv-docs', 'bin', 'ansible-doc'), '--json',
                          'sysv.services.' + module], stdout=subprocess.PIPE, check=True)
    return sorted(json.loads(doc.stdout.decode('utf-8'))['sysv.services.' + module]['doc']['options'])


@pytest.mark.parametrize('module', MODULES)
def test_module_page_renders_its_options_table(built, module):
    dom = browse(url(os.path.join(PAGES, module + '_module.html')), '--dump-dom')
    assert '<h1>sysv.services.%s module' % module in dom.replace('\n', ' ') or \
        re.search(r'<h1>\s*sysv\.services\.%s module' % module, dom), dom[:2000]
    table = dom[dom.index('ansible-option-table'):]
    for option in documented_options(module):
        assert 'id="parameter-%s"' % option in table, option
    for internal in ('_content', '_services', '_defaults_content'):
        assert 'parameter-%s"' % internal not in dom


@pytest.mark.parametrize('role', ROLES)
def test_role_page_renders_its_variables(built, role):
    dom = browse(url(os.path.join(PAGES, role + '_role.html')), '--dump-dom')
    assert 'ansible-option-table' in dom
    assert 'parameter-main--%s_' % role in dom


def test_index_links_every_page_and_guide(built):
    dom = browse(url(os.path.join(PAGES, 'index.html')), '--dump-dom')
    for module in MODULES:
        assert '%s_module.html' % module in dom
    for role in ROLES:
        assert '%s_role.html' % role in dom
    for guide in GUIDES:
        assert guide + '.html' in dom
        assert os.path.isfile(os.path.join(PAGES, 'docsite', guide + '.html'))


def test_screenshot_of_a_module_page(built):
    if not os.path.isdir(SHOTS):
        os.makedirs(SHOTS)
    shot = os.path.join(SHOTS, 'xinetd_service_module.png')
    if os.path.exists(shot):
        os.unlink(shot)
    browse(url(os.path.join(PAGES, 'xinetd_service_module.html')), '--screenshot=' + shot,
           '--window-size=1280,1600', '--hide-scrollbars')
    with open(shot, 'rb') as handle:
        data = handle.read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n' and len(data) > 20000
