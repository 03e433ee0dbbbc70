# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fleet benchmark: the telnet_hardening end state, builtin modules vs sysv.services.

Starts N local podman containers from the project's test image, then, on the
same fleet and in alternating order, times

* ``playbooks/builtin.yml``: the end state with ansible.builtin modules only,
* ``playbooks/collection.yml``: the ``sysv.services.telnet_hardening`` role,
* ``playbooks/module.yml``: one literal ``sysv.services.xinetd_config`` task
  with the values the role hands the module (what the role's own tasks cost
  on top of its one module run),

each as a first converge from the image's initial state (the fleet is
recreated before every converge) and as a no-op rerun, plus one
``ansible.builtin.ping`` task (the floor: one module run per host).

After each converge the bench reads ``/etc/xinetd.conf`` and
``/etc/xinetd.d`` back from every container, interprets them with the
collection's own xinetd parser, and probes each container (xinetd running,
port 23 listening, a telnet client on 127.0.0.1 gets a login prompt). The
end state of every playbook must agree with the builtin one (or, without
it, with the role's) host by host; any difference aborts the bench with the
difference.

Round trips are counted in a separate, untimed pass run with ``-vvv``: the
podman connection logs every podman command it runs (``RUN [podman exec
...]``), and every module run is one ``exec`` of an ``AnsiballZ_*.py``.

Results go to ``bench/results/<timestamp>/``: ``report.md``, ``report.json``,
``time_vs_n.png`` and one log per ansible-playbook run. All bench containers
are removed at the end, also on failure or interruption.

Run ``python bench/bench.py --help`` (or ``make bench`` / ``make
bench-scaling``).
"""

import argparse
import datetime
import io
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PLAYBOOKS = os.path.join(HERE, 'playbooks')
PROBE = os.path.join(ROOT, 'tools', 'telnet_probe.py')
DEFAULT_IMAGE = 'localhost/sysv-services-debian:bookworm'
SSH_IMAGE = 'localhost/sysv-bench-ssh:bookworm'
# on ansible-playbook's PYTHONPATH in the CPU-split pass only: per-worker CPU
WORKER_CPU_HOOK = os.path.join(HERE, 'worker_cpu')
TRANSPORTS = ('podman', 'ssh')
# every -vvv module-run count goes through the one counter the Molecule scenarios use
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import module_runs  # noqa: E402
NAME_PREFIX = 'sysv-bench-'
LABEL = 'sysv.services.bench'
BUILTIN_SERVICES = ('chargen', 'daytime', 'discard', 'echo', 'time')

VARIANTS = ('builtin', 'collection', 'module')
PHASES = ('converge', 'noop')


class BenchError(Exception):
    pass


def log(msg):
    sys.stdout.write('[bench %s] %s\n' % (time.strftime('%H:%M:%S'), msg))
    sys.stdout.flush()


# --------------------------------------------------------------------------
# environment


def podman_env():
    env = dict(os.environ)
    if not env.get('CONTAINERS_CONF'):
        # the project's settings, with the containers' base /etc/hosts
        env['CONTAINERS_CONF'] = subprocess.check_output(
            [os.path.join(ROOT, 'tools', 'podman', 'containers-conf')]).decode().strip()
    return env


def find_collection(paths, namespace, name):
    for base in paths:
        for cand in (os.path.join(base, 'ansible_collections', namespace, name),
                     os.path.join(base, namespace, name)):
            if os.path.isfile(os.path.join(cand, 'MANIFEST.json')) or \
                    os.path.isfile(os.path.join(cand, 'galaxy.yml')):
                return cand
    return None


def collection_version(path):
    for fname, pattern in (('MANIFEST.json', r'"version":\s*"([^"]+)"'),
                           ('galaxy.yml', r'^version:\s*(\S+)')):
        full = os.path.join(path, fname)
        if os.path.isfile(full):
            with open(full) as f:
                m = re.search(pattern, f.read(), re.M)
            if m:
                return m.group(1)
    return 'unknown'


class Controller:
    """Where ansible-playbook is and which collections it sees."""

    def __init__(self, args, workdir):
        self.ansible_playbook = args.ansible_playbook or shutil.which(
            'ansible-playbook', path=os.path.dirname(sys.executable)) or shutil.which('ansible-playbook')
        if not self.ansible_playbook:
            raise BenchError('ansible-playbook not found (run from the project venv: make setup)')
        # A private collections tree: sysv.services is this checkout.
        tree = os.path.join(workdir, 'collections')
        target = os.path.join(tree, 'ansible_collections', 'sysv', 'services')
        os.makedirs(os.path.dirname(target))
        self.source = 'working tree %s' % ROOT
        if args.live:
            os.symlink(ROOT, target)
        else:
            # the committed collection (HEAD), so that edits in progress in the
            # checkout cannot change the code under test halfway through a run
            commit = subprocess.run(['git', '-C', ROOT, 'rev-parse', 'HEAD'], capture_output=True,
                                    text=True, check=True).stdout.strip()
            os.makedirs(target)
            archive = subprocess.run(['git', '-C', ROOT, 'archive', '--format=tar', commit, 'galaxy.yml',
                                      'meta', 'plugins', 'roles', 'templates'], capture_output=True, check=True)
            subprocess.run(['tar', '-x', '-C', target], input=archive.stdout, check=True)
            self.source = 'commit %s' % commit[:12]
        extra = [p for p in (args.collections_path or os.environ.get('ANSIBLE_COLLECTIONS_PATH', '')
                             or os.environ.get('ANSIBLE_COLLECTIONS_PATHS', '')).split(os.pathsep) if p]
        extra += [os.path.join(ROOT, '.venv', 'collections'), os.path.join(ROOT, 'build', 'collections'),
                  os.path.expanduser('~/.ansible/collections'), '/usr/share/ansible/collections']
        self.podman_collection = find_collection(extra, 'containers', 'podman')
        if not self.podman_collection:
            raise BenchError('collection containers.podman not found in %s; set ANSIBLE_COLLECTIONS_PATH '
                             '(make setup provides it)' % ':'.join(extra))
        podman_root = os.path.dirname(os.path.dirname(os.path.dirname(self.podman_collection)))
        self.collections_path = os.pathsep.join([tree, podman_root])
        self.tree = tree
        self.env = podman_env()
        self.env.update({
            'ANSIBLE_CONFIG': os.path.join(HERE, 'ansible.cfg'),
            'ANSIBLE_COLLECTIONS_PATH': self.collections_path,
            'ANSIBLE_PIPELINING': '1',
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_FORCE_COLOR': '0',
            'ANSIBLE_LOCAL_TEMP': os.path.join(workdir, 'ansible-tmp'),
            'PYTHONUNBUFFERED': '1',
        })
        self.env.pop('ANSIBLE_COLLECTIONS_PATHS', None)
        self.env.pop('PYTHONPATH', None)  # the bench's own libraries stay out of ansible-playbook
        self.ansible_version = subprocess.run(
            [self.ansible_playbook, '--version'], env=self.env, capture_output=True, text=True, check=False
        ).stdout.splitlines()[0].strip()
        self.podman_version = subprocess.run(['podman', '--version'], env=self.env, capture_output=True,
                                             text=True, check=False).stdout.strip()
        sys.path.insert(0, tree)


# --------------------------------------------------------------------------
# the fleet


def podman(args, env, check=True, input_data=None, timeout=300):
    p = subprocess.run(['podman'] + args, env=env, capture_output=True, input=input_data, timeout=timeout,
                       check=False)
    if check and p.returncode != 0:
        raise BenchError('podman %s failed (rc %d): %s'
                         % (' '.join(args[:3]), p.returncode, p.stderr.decode('utf-8', 'replace').strip()))
    return p


class SshAccess:
    """What the ssh transport needs: an image with sshd, a key pair, a network."""

    def __init__(self, base_image, env, workdir, run_id, prefix):
        self.base_image = base_image
        self.env = env
        self.dir = os.path.join(workdir, 'ssh')
        os.makedirs(self.dir)
        self.key = os.path.join(self.dir, 'id_ed25519')
        subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'sysv-bench', '-f', self.key],
                       check=True)
        os.chmod(self.key + '.pub', 0o644)
        self.network = '%snet-%d' % (prefix, os.getpid())
        self.run_id = run_id
        self.generation = 0
        self.image = SSH_IMAGE
        self.network_made = False

    def ensure_image(self):
        """The test image plus Debian's openssh-server, rebuilt when the test image changed."""
        base_id = podman(['image', 'inspect', '--format', '{{.Id}}', self.base_image], self.env).stdout.strip()
        have = podman(['image', 'inspect', '--format', '{{index .Labels "sysv.services.bench.base"}}',
                       self.image], self.env, check=False)
        if have.returncode == 0 and have.stdout.strip() == base_id:
            return
        log('building %s: %s + openssh-server (apt-get in a build container)' % (self.image, self.base_image))
        name = '%sssh-build-%d' % (NAME_PREFIX, os.getpid())
        podman(['rm', '-f', name], self.env, check=False)
        try:
            podman(['run', '--name', name, self.base_image, 'sh', '-c',
                    'apt-get install -y -q --no-install-recommends openssh-server >/tmp/apt.log 2>&1 '
                    '|| { tail -20 /tmp/apt.log; exit 1; }; rm -f /tmp/apt.log; mkdir -p /run/sshd'],
                   self.env, timeout=900)
            podman(['commit', '--change', 'CMD ["/usr/sbin/sshd", "-D", "-e"]',
                    '--change', 'LABEL sysv.services.bench.base=%s' % base_id.decode(), name, self.image],
                   self.env)
        finally:
            podman(['rm', '-f', name], self.env, check=False)

    def ensure_network(self):
        if not self.network_made:
            podman(['network', 'create', '--label', '%s=%s' % (LABEL, self.run_id), self.network], self.env)
            self.network_made = True

    def remove_network(self):
        if self.network_made:
            podman(['network', 'rm', '-f', self.network], self.env, check=False)
            self.network_made = False


class Fleet:
    def __init__(self, image, env, run_id, prefix=NAME_PREFIX, transport='podman', ssh=None):
        self.prefix = prefix
        self.image = image
        self.env = env
        self.run_id = run_id
        self.names = []
        self.transport = transport
        self.ssh = ssh
        self.addresses = {}

    def check_image(self):
        if podman(['image', 'exists', self.image], self.env, check=False).returncode != 0:
            raise BenchError('image %s does not exist (make image builds it)' % self.image)

    def _start(self, name):
        if self.transport == 'ssh':
            podman(['run', '-d', '--name', name, '--hostname', name, '--network', self.ssh.network,
                    '--label', '%s=%s' % (LABEL, self.run_id),
                    '-v', '%s.pub:/root/.ssh/authorized_keys:ro' % self.ssh.key, self.ssh.image], self.env)
            address = podman(['inspect', '--format', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
                              name], self.env).stdout.decode().strip()
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection((address, 22), 2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise BenchError('sshd of %s (%s) does not answer on port 22' % (name, address))
                    time.sleep(0.2)
            self.addresses[name] = address
            return
        podman(['run', '-d', '--name', name, '--hostname', name, '--network', 'none',
                '--label', '%s=%s' % (LABEL, self.run_id), self.image], self.env)

    def create(self, n):
        """(Re)create n containers from the image; returns seconds taken."""
        t0 = time.monotonic()
        self.destroy()
        if self.transport == 'ssh':
            self.ssh.ensure_network()
            self.ssh.generation += 1
        self.names = ['%s%02d' % (self.prefix, i + 1) for i in range(n)]
        self.addresses = {}
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(self._start, self.names))
        return time.monotonic() - t0

    def destroy(self):
        ids = podman(['ps', '-aq', '--filter', 'label=%s=%s' % (LABEL, self.run_id)], self.env,
                     check=False).stdout.split()
        if ids:
            podman(['rm', '-f', '-t', '0'] + [i.decode() for i in ids], self.env, check=False)
        self.names = []

    def inventory(self, path):
        with open(path, 'w') as f:
            f.write('[fleet]\n')
            for name in self.names:
                if self.transport == 'ssh':
                    f.write('%s ansible_host=%s\n' % (name, self.addresses[name]))
                else:
                    f.write('%s\n' % name)
            f.write('\n[fleet:vars]\nansible_python_interpreter=/usr/bin/python3\n')
            if self.transport == 'ssh':
                # pipelining: a module run is one ssh exchange on the open master connection
                f.write('ansible_connection=ssh\nansible_user=root\nansible_ssh_private_key_file=%s\n'
                        'ansible_ssh_pipelining=true\n'
                        'ansible_ssh_args=-C -o ControlMaster=auto -o ControlPersist=60s\n'
                        'ansible_ssh_common_args=-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null '
                        '-o LogLevel=ERROR\n'
                        'ansible_control_path_dir=%s\n'
                        % (self.ssh.key, os.path.join(self.ssh.dir, 'cp%d' % self.ssh.generation)))
            else:
                f.write('ansible_connection=containers.podman.podman\n')
        return path

    def host_of(self, logged):
        """Inventory name of a host as -vvv logs it (its address over ssh)."""
        for name, address in self.addresses.items():
            if logged == address:
                return name
        return logged

    def collect(self, probe_source):
        """Per host: the xinetd files (name -> text) and the probe result."""
        def one(name):
            tar = podman(['exec', name, 'tar', '-C', '/etc', '-cf', '-', 'xinetd.conf', 'xinetd.d', 'services'],
                         self.env).stdout
            files = {}
            with tarfile.open(fileobj=io.BytesIO(tar)) as tf:
                for member in tf.getmembers():
                    if member.isfile():
                        files['/etc/' + member.name.lstrip('./')] = {
                            'text': tf.extractfile(member).read().decode('utf-8', 'surrogateescape'),
                            'mode': '%04o' % member.mode}
            out = podman(['exec', '-i', name, 'python3', '-', 'status', '--port', '23'], self.env,
                         input_data=probe_source).stdout
            return name, {'files': files, 'probe': json.loads(out.decode('utf-8'))}
        with ThreadPoolExecutor(max_workers=4) as pool:
            return dict(pool.map(one, self.names))


# --------------------------------------------------------------------------
# end-state semantics with the collection's parser

CASE_INSENSITIVE = {'socket_type', 'protocol', 'wait', 'flags', 'type', 'log_on_success',
                    'log_on_failure', 'disable', 'groups', 'v6only', 'instances', 'per_source'}
UNORDERED = {'only_from', 'no_access', 'log_on_success', 'log_on_failure', 'passenv', 'env', 'flags', 'type',
             'disabled', 'enabled'}


def _norm_attrs(attrs):
    return dict((k.lower(), _norm_values(k.lower(), v)) for k, v in attrs.items())


def _norm_values(key, values):
    values = list(values)
    if key in CASE_INSENSITIVE:
        values = [v.upper() for v in values]
    if key in UNORDERED:
        values = sorted(values)
    return values


class Semantics:
    """Interpret fetched xinetd files with sysv.services' module_utils."""

    def __init__(self):
        from ansible_collections.sysv.services.plugins.module_utils._xinetd import parser as _xinetd_parser
        self.conf = _xinetd_parser
        try:
            from ansible_collections.sysv.services.plugins.module_utils._xinetd import effective as _xinetd_effective
            self.effective = _xinetd_effective
            self.method = '_xinetd.effective.load (defaults merged, includedir rules, operators applied)'
        except ImportError:
            self.effective = None
            self.method = '_xinetd.parser.parse per file (first value wins, operators kept)'

    def _effective(self, files, etc_services):
        tmp = tempfile.mkdtemp(prefix='sysv-bench-state-')
        try:
            for path, data in list(files.items()) + [('/etc/services', {'text': etc_services})]:
                full = tmp + path
                os.makedirs(os.path.dirname(full), exist_ok=True)
                with open(full, 'w', encoding='utf-8', errors='surrogateescape') as f:
                    f.write(data['text'])

            def reader(path):
                with open(tmp + path, encoding='utf-8', errors='surrogateescape') as f:
                    return f.read()
            eff = self.effective.load('/etc/xinetd.conf', reader=reader,
                                      listdir=lambda path: os.listdir(tmp + path),
                                      isfile=lambda path: os.path.isfile(tmp + path))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        services = {}
        for sid, svc in eff.services.items():
            services[sid] = {'enabled': True, 'attributes': _norm_attrs(svc['attributes'])}
        for svc in eff.inactive:
            sid = svc.get('id') or svc.get('name')
            if sid in services:
                sid = '%s@%s' % (sid, svc.get('file'))
            services[sid] = {'enabled': False, 'state': svc.get('state'),
                             'attributes': _norm_attrs(svc['attributes'])}
        problems = sorted('%s:%s %s' % (p.file, p.lineno, p.code) for p in eff.problems)
        return services, _norm_attrs(eff.defaults), problems

    def _per_file(self, files):
        services, defaults = {}, {}
        problems = []
        for path in sorted(files):
            doc, _diags = self.conf.parse(files[path]['text'], filename=path)
            for block in doc.blocks():
                if block.dropped:
                    continue
                attrs = {}
                for a in block.attributes():
                    attrs.setdefault(a.key, (a.op, _norm_values(a.key, a.values)))
                if block.kind == 'defaults':
                    defaults.update(attrs)
                    continue
                sid = attrs.get('id', ('=', [block.name]))[1][0]
                disable = attrs.pop('disable', ('=', ['NO']))[1]
                services.setdefault(sid, {'enabled': disable != ['YES'], 'attributes': attrs})
        return services, defaults, problems

    def interpret(self, host_state):
        files = dict((p, d) for p, d in host_state['files'].items() if p.startswith('/etc/xinetd'))
        if self.effective is not None:
            services, defaults, problems = self._effective(files, host_state['files']['/etc/services']['text'])
        else:
            services, defaults, problems = self._per_file(files)
        return {
            'files': sorted(files),
            'modes': dict((p, files[p]['mode']) for p in files),
            'services': services,
            'defaults': defaults,
            'problems': problems,
            'enabled': sorted(s for s in services if services[s]['enabled']),
            'probe': dict((k, host_state['probe'].get(k))
                          for k in ('xinetd_running', 'listening_23', 'login_prompt')),
        }


def requirement_problems(sem):
    """What the telnet_hardening end state requires of one host."""
    problems = []
    telnet = [s for s in sem['services'] if s == 'telnet' or s.startswith('telnet')]
    if not telnet or not any(sem['services'][s]['enabled'] for s in telnet):
        problems.append('telnet service is not enabled')
    for sid, svc in sem['services'].items():
        if sid.split('-')[0] in BUILTIN_SERVICES and svc['enabled']:
            problems.append('built-in %s is enabled' % sid)
    for key, value in sem['probe'].items():
        if value is not True:
            problems.append('probe %s is %r' % (key, value))
    return problems


def compare(a, b):
    """Differences between two interpreted host states (builtin a, collection b)."""
    diffs = []
    if a['enabled'] != b['enabled']:
        diffs.append('enabled services differ: builtin %s, collection %s' % (a['enabled'], b['enabled']))
    if a['files'] != b['files']:
        diffs.append('files differ: builtin %s, collection %s' % (a['files'], b['files']))
    for sid in sorted(set(a['enabled']) | set(b['enabled'])):
        sa = a['services'].get(sid, {}).get('attributes')
        sb = b['services'].get(sid, {}).get('attributes')
        if sa != sb:
            keys = sorted(set(sa or {}) | set(sb or {}))
            for k in keys:
                va, vb = (sa or {}).get(k), (sb or {}).get(k)
                if va != vb:
                    diffs.append('service %s attribute %s: builtin %r, collection %r' % (sid, k, va, vb))
    if a['defaults'] != b['defaults']:
        diffs.append('defaults differ: builtin %r, collection %r' % (a['defaults'], b['defaults']))
    if a['problems'] != b['problems']:
        diffs.append('xinetd problems differ: builtin %r, collection %r' % (a['problems'], b['problems']))
    if a['probe'] != b['probe']:
        diffs.append('probe differs: builtin %r, collection %r' % (a['probe'], b['probe']))
    return diffs


# --------------------------------------------------------------------------
# running playbooks

RECAP = re.compile(r'^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)'
                   r'\s+skipped=(\d+)\s+rescued=(\d+)\s+ignored=(\d+)', re.M)
RUN_LINE = re.compile(r'^<([^>]+)> RUN \[(.*)\]$', re.M)
# a module run: the interpreter started on an AnsiballZ file, or fed it on stdin (pipelining)
MODULE_RUN = re.compile(r"python[0-9.]*( [^' ]*AnsiballZ_[A-Za-z0-9_.]+\.py)? && sleep 0")


class Runner:
    def __init__(self, controller, fleet, outdir):
        self.controller = controller
        self.fleet = fleet
        self.outdir = outdir
        self.count = 0
        self.loads = []

    def run(self, playbook, label, forks=5, strategy='linear', verbose=False, extra_env=None):
        self.count += 1
        inv = self.fleet.inventory(os.path.join(self.outdir, 'inventory.ini'))
        logpath = os.path.join(self.outdir, 'logs', '%03d-%s.log' % (self.count, label))
        os.makedirs(os.path.dirname(logpath), exist_ok=True)
        env = dict(self.controller.env)
        env.update(extra_env or {})
        env['ANSIBLE_FORKS'] = str(forks)
        env['ANSIBLE_STRATEGY'] = strategy
        cmd = [self.controller.ansible_playbook, '-i', inv, os.path.join(PLAYBOOKS, playbook)]
        if verbose:
            cmd.append('-vvv')
        load_before = os.getloadavg()[0]
        t0 = time.monotonic()
        with open(logpath, 'w') as f:
            rc = subprocess.run(cmd, env=env, stdout=f, stderr=subprocess.STDOUT, cwd=PLAYBOOKS,
                                check=False).returncode
        seconds = time.monotonic() - t0
        self.loads.append(load_before)
        with open(logpath) as f:
            text = f.read()
        recap = dict((m.group(1), dict(zip(('ok', 'changed', 'unreachable', 'failed', 'skipped'),
                                           map(int, m.groups()[1:6]))))
                     for m in RECAP.finditer(text))
        bad = [h for h in self.fleet.names if h not in recap or recap[h]['failed'] or recap[h]['unreachable']]
        if rc != 0 or bad:
            tail = '\n'.join(text.splitlines()[-40:])
            raise BenchError('%s failed (rc %d, hosts %s); log %s:\n%s' % (label, rc, bad[:5], logpath, tail))
        return {'seconds': seconds, 'recap': recap, 'log': os.path.relpath(logpath, self.outdir), 'text': text}


def container_cgroup(name, env):
    """The CPU accounting file of a container's cgroup (v2 cpu.stat or v1 cpuacct.usage), or None."""
    path = podman(['inspect', '--format', '{{.State.CgroupPath}}', name], env, check=False).stdout.decode().strip()
    if not path:
        return None
    for cand in (os.path.join('/sys/fs/cgroup', path.lstrip('/'), 'cpu.stat'),
                 os.path.join('/sys/fs/cgroup/cpuacct', path.lstrip('/'), 'cpuacct.usage'),
                 os.path.join('/sys/fs/cgroup/cpu,cpuacct', path.lstrip('/'), 'cpuacct.usage')):
        if os.path.isfile(cand):
            return cand
    return None


def cgroup_cpu_ms(files):
    """Sum of the CPU time of these cgroups, ms; None if one cannot be read."""
    total = 0.0
    for path in files:
        if not path:
            return None
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            return None
        if path.endswith('cpu.stat'):
            m = re.search(r'^usage_usec (\d+)', text, re.M)
            if not m:
                return None
            total += int(m.group(1)) / 1000.0
        else:
            total += int(text.strip()) / 1e6
    return total


def worker_split(path, controller_ms, recap):
    """Controller CPU of one run split by process, from bench/worker_cpu's lines.

    ``workers_ms``: the workers' own CPU; ``clients_ms``: their ssh or podman
    clients; ``main_ms``: what is left, ansible-playbook's main process.
    ``actions``: per task action, its workers' CPU (sorted) for the report. A
    run whose lines do not cover every task of every host (ok or skipped in
    the recap: each had a worker) is not split.
    """
    try:
        with open(path) as f:
            rows = [json.loads(line) for line in f if line.strip()]
    except (IOError, ValueError):
        rows = []
    tasks = sum(r['ok'] + r['skipped'] for r in recap.values())
    if not rows or len(rows) != tasks:
        log('  worker CPU: %d lines for %d tasks run: controller CPU not split for this run' % (len(rows), tasks))
        return {}
    workers = sum(r['self_ms'] for r in rows)
    clients = sum(r['children_ms'] for r in rows)
    actions = {}
    for r in rows:
        actions.setdefault(r['action'], []).append(r['self_ms'])
    return {'workers_ms': workers, 'clients_ms': clients, 'main_ms': controller_ms - workers - clients,
            'actions': dict((a, sorted(v)) for a, v in actions.items())}


def merge_actions(runs):
    """Per action over the runs: workers per run, median worker CPU, median of each run's largest."""
    out = {}
    for action in sorted(set(a for run in runs for a in run)):
        per_run = [run[action] for run in runs if action in run]
        out[action] = {
            'workers': statistics.median(len(v) for v in per_run),
            'median_ms': statistics.median(x for v in per_run for x in v),
            'largest_ms': statistics.median(max(v) for v in per_run),
        }
    return out


def ssh_masters_cpu_ms():
    """CPU time of the running ssh ControlMaster processes (``ssh: PATH [mux]``), ms."""
    hz = os.sysconf('SC_CLK_TCK')
    total = 0.0
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % pid, 'rb') as f:
                cmd = f.read()
            if not (cmd.startswith(b'ssh: ') and b'[mux]' in cmd):
                continue
            with open('/proc/%s/stat' % pid) as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) * 1000.0 / hz
    return total


def count_round_trips(text, hosts, host_of=lambda logged: logged):
    """Per host: module runs (exact, tools/module_runs.py) and podman commands, from -vvv output.

    The counting pass runs with ``--forks 1``, so the module of a pipelined
    run is the one Ansible announced just before it.
    """
    per = dict((h, {'podman_exec': 0, 'podman_other': 0, 'module_runs': 0, 'modules': {}}) for h in hosts)
    for logged, counted in module_runs.count(text).items():
        host = host_of(logged)
        if host in per:
            per[host]['module_runs'] = counted['module_runs']
            per[host]['modules'] = counted['modules']
    for m in RUN_LINE.finditer(text):
        host, args = host_of(m.group(1)), m.group(2)
        if host not in per:
            continue
        parts = re.findall(r"b'([^']*)'", args)
        sub = parts[1] if len(parts) > 1 else ''
        per[host]['podman_exec' if sub == 'exec' else 'podman_other'] += 1
    return per


def mean_counts(per):
    keys = ('podman_exec', 'podman_other', 'module_runs')
    n = max(1, len(per))
    out = dict((k, sum(p[k] for p in per.values()) / n) for k in keys)
    first = per[sorted(per)[0]] if per else {'modules': {}}
    out['modules'] = first['modules']
    return out


def tasks_per_host(recap):
    oks = [r['ok'] for r in recap.values()]
    return sum(oks) / max(1, len(oks))


def changed_hosts(recap):
    return sorted(h for h, r in recap.items() if r['changed'])


# --------------------------------------------------------------------------
# the benchmark


class Bench:
    def __init__(self, args, transport='podman', outdir=None, workdir=None, controller=None, ssh=None):
        self.args = args
        self.transport = transport
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y%m%dT%H%M%SZ')
        self.outdir = os.path.abspath(outdir or os.path.join(args.output, stamp))
        os.makedirs(self.outdir)
        self.workdir = workdir or tempfile.mkdtemp(prefix='sysv-bench-')
        self.controller = controller or Controller(args, self.workdir)
        self.fleet = Fleet(args.image, self.controller.env, 'run-%d-%s-%s' % (os.getpid(), stamp, transport),
                           args.name_prefix, transport=transport, ssh=ssh)
        self.runner = Runner(self.controller, self.fleet, self.outdir)
        self.semantics = Semantics()
        with open(PROBE, 'rb') as f:
            self.probe = f.read()
        self.results = {
            'started': stamp, 'image': args.image, 'rounds': args.rounds,
            'forks': args.forks, 'pipelining_requested': True,
            'ansible': self.controller.ansible_version, 'podman': self.controller.podman_version,
            'containers_podman': collection_version(self.controller.podman_collection),
            'pipelining_supported': self._podman_pipelining(),
            'semantics_method': self.semantics.method, 'collection_source': self.controller.source,
            'cpus': os.cpu_count(), 'fleets': {}, 'round_trips': {}, 'strategy': None,
            'fairness': [], 'transport': transport, 'noop_repeat': args.noop_repeat,
        }
        if transport == 'ssh':
            self.results['ssh'] = dict(image=ssh.image, pipelining=True,
                                       ssh_args='-C -o ControlMaster=auto -o ControlPersist=60s',
                                       openssh=subprocess.run(['ssh', '-V'], capture_output=True, text=True,
                                                              check=False).stderr.strip())

    def _podman_pipelining(self):
        src = os.path.join(self.controller.podman_collection, 'plugins', 'connection', 'podman.py')
        with open(src) as f:
            m = re.search(r'has_pipelining\s*=\s*(\w+)', f.read())
        return m.group(1) == 'True' if m else None

    # one converge + check + no-op ------------------------------------------
    def converge_and_rerun(self, variant, n, rnd, check=True):
        log('N=%d round %d: %s converge (fleet recreated)' % (n, rnd, variant))
        self.fleet.create(n)
        conv = self.runner.run('%s.yml' % variant, 'n%d-r%d-%s-converge' % (n, rnd, variant),
                               forks=self.args.forks)
        noops = self.repeat('%s.yml' % variant, 'n%d-r%d-%s-noop' % (n, rnd, variant))
        state = None
        if check:
            raw = self.fleet.collect(self.probe)
            state = dict((h, self.semantics.interpret(s)) for h, s in raw.items())
            for h in sorted(state):
                problems = requirement_problems(state[h])
                if problems or (rnd == 0 and h == self.fleet.names[0]):
                    dump = os.path.join(self.outdir, 'state-%s-n%d-r%d-%s.json' % (variant, n, rnd, h))
                    with open(dump, 'w') as f:
                        json.dump({'host': h, 'raw': raw[h], 'interpreted': state[h]}, f,
                                  indent=1, sort_keys=True)
                if problems:
                    raise BenchError('%s end state on %s is not the telnet_hardening end state: %s '
                                     '(state in %s)' % (variant, h, '; '.join(problems), dump))
        for r in noops:
            changed = changed_hosts(r['recap'])
            if changed:
                raise BenchError('%s no-op run (N=%d round %d) changed %d hosts (%s): its time is not a '
                                 'no-op time; log %s' % (variant, n, rnd, len(changed),
                                                         ', '.join(changed[:5]), r['log']))
        entry = {
            'converge': conv['seconds'], 'noop': statistics.median(r['seconds'] for r in noops),
            'noop_all': [r['seconds'] for r in noops],
            'tasks_converge': tasks_per_host(conv['recap']), 'tasks_noop': tasks_per_host(noops[0]['recap']),
            'changed_converge': len(changed_hosts(conv['recap'])),
            'changed_noop': max(len(changed_hosts(r['recap'])) for r in noops),
            'logs': [conv['log']] + [r['log'] for r in noops],
        }
        log('  %s: converge %.1fs, no-op %.1fs%s (no-op changed on %d hosts)'
            % (variant, entry['converge'], entry['noop'], _median_of(entry['noop_all']), entry['changed_noop']))
        return entry, state

    def repeat(self, playbook, label):
        """``playbook`` --noop-repeat times in a row on the same fleet; the runs.

        One no-op at N=20 swings by 20% from run to run; the median of a few
        much less.
        """
        return [self.runner.run(playbook, '%s%s' % (label, '-%d' % k if k else ''), forks=self.args.forks)
                for k in range(self.args.noop_repeat)]

    def fair_check(self, states, n, rnd):
        """Every playbook's end state against the builtin one (without it, the role's)."""
        ref = 'builtin' if 'builtin' in states else 'collection'
        others = [v for v in VARIANTS if v in states and v != ref]
        diffs = []
        for v in others:
            for h in sorted(states[ref]):
                for d in compare(states[ref][h], states[v][h]):
                    diffs.append('%s vs %s, %s: %s' % (ref, v, h, d))
        self.results['fairness'].append({'n': n, 'round': rnd, 'hosts': len(states[ref]),
                                         'differences': len(diffs), 'compared': [ref] + others})
        if diffs:
            raise BenchError('end states differ (N=%d round %d):\n  %s' % (n, rnd, '\n  '.join(diffs[:40])))
        log('  end states of %s identical on all %d hosts (files, effective attributes, probe)'
            % (', '.join([ref] + others), n))

    # round-trip counting ---------------------------------------------------
    def count_pass(self, n=2):
        log('%s: counting module runs (untimed, -vvv, --forks 1, N=%d)' % (self.transport, n))
        out = {}
        for variant in self.args.variants:
            self.fleet.create(n)
            for phase in PHASES:
                r = self.runner.run('%s.yml' % variant, 'count-%s-%s' % (variant, phase), forks=1, verbose=True)
                per = count_round_trips(r['text'], self.fleet.names, self.fleet.host_of)
                out['%s_%s' % (variant, phase)] = dict(mean_counts(per), tasks=tasks_per_host(r['recap']),
                                                       per_host=dict((h, v['module_runs']) for h, v in per.items()))
                if variant == 'collection' and phase == 'noop':
                    self.module_cost()
        r = self.runner.run('ping.yml', 'count-ping', forks=1, verbose=True)
        per = count_round_trips(r['text'], self.fleet.names, self.fleet.host_of)
        out['ping'] = dict(mean_counts(per), tasks=tasks_per_host(r['recap']),
                           per_host=dict((h, v['module_runs']) for h, v in per.items()))
        if any(v['module_runs'] != 1 for v in per.values()):
            raise BenchError('the ping pass counted %s module runs per host, not 1: the counter does not '
                             'read this -vvv output' % dict((h, v['module_runs']) for h, v in per.items()))
        self.results['round_trips'] = out
        for k, v in sorted(out.items()):
            log('  %-20s tasks/host %.1f, module runs/host %.1f (%s), podman exec/host %.1f, other podman/host %.1f'
                % (k, v['tasks'], v['module_runs'], ', '.join('%s %d' % m for m in sorted(v['modules'].items())),
                   v['podman_exec'], v['podman_other']))

    # cost of one module run -----------------------------------------------
    def module_cost(self):
        """AnsiballZ size, import time and CPU of one xinetd_config no-op and one ping, on a target.

        Only over podman, where Ansible writes the AnsiballZ file to the target
        (no pipelining); ANSIBLE_KEEP_REMOTE_FILES keeps it there to be run again.
        """
        if self.transport != 'podman' or self.args.no_cost:
            return
        host = self.fleet.names[0]
        log('%s: cost of one module run on %s' % (self.transport, host))
        env = dict(self.controller.env, ANSIBLE_KEEP_REMOTE_FILES='1')
        inv = self.fleet.inventory(os.path.join(self.outdir, 'inventory-cost.ini'))
        for playbook in ('collection.yml', 'ping.yml'):
            subprocess.run([self.controller.ansible_playbook, '-i', inv, '--limit', host,
                            os.path.join(PLAYBOOKS, playbook)], env=env, cwd=PLAYBOOKS, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        with open(os.path.join(HERE, 'module_cost.py'), 'rb') as f:
            probe = f.read()
        out = podman(['exec', '-i', host, 'python3', '-', '--repeat', str(self.args.cost_repeat)],
                     self.fleet.env, input_data=probe, timeout=900).stdout
        cost = json.loads(out.decode())
        self.results['module_cost'] = cost
        for name, c in sorted(cost['modules'].items()):
            log('  %-14s AnsiballZ %d bytes; import %.1f ms (collection %.1f ms); CPU %.1f ms; wall %.1f ms'
                % (name, c['ansiballz_bytes'], c['import_ms'], c['collection_import_ms'], c['cpu_ms'], c['wall_ms']))

    # timed rounds ----------------------------------------------------------
    def fleet_size(self, n, rounds):
        data = {'rounds': []}
        for rnd in range(rounds):
            order = self.args.variants if rnd % 2 == 0 else tuple(reversed(self.args.variants))
            entry, states = {}, {}
            for variant in order:
                entry[variant], states[variant] = self.converge_and_rerun(variant, n, rnd)
            if len(states) > 1:
                self.fair_check(states, n, rnd)
            pings = [r['seconds'] for r in self.repeat('ping.yml', 'n%d-r%d-ping' % (n, rnd))]
            entry['ping'] = statistics.median(pings)
            entry['ping_all'] = pings
            log('  ping: %.1fs%s' % (entry['ping'], _median_of(pings)))
            data['rounds'].append(entry)
        data['median'] = {
            'ping': statistics.median(r['ping'] for r in data['rounds'])}
        for v in self.args.variants:
            for ph in PHASES:
                data['median']['%s_%s' % (v, ph)] = statistics.median(r[v][ph] for r in data['rounds'])
        self.results['fleets'][str(n)] = data
        self.save()

    def strategy_runs(self, n, rounds):
        log('forks/strategy: collection no-op at N=%d' % n)
        self.fleet.create(n)
        self.runner.run('collection.yml', 'strategy-n%d-converge' % n, forks=5)
        configs = [('forks 5, linear', 5, 'linear'), ('forks 20, linear', 20, 'linear'),
                   ('forks 5, free', 5, 'free')]
        out = []
        for label, forks, strategy in configs:
            noop, ping = [], []
            tag = label.replace(' ', '').replace(',', '-')
            for rnd in range(rounds):
                noop.append(self.runner.run('collection.yml', 'strategy-n%d-%s-noop-r%d' % (n, tag, rnd),
                                            forks=forks, strategy=strategy)['seconds'])
                if strategy == 'linear':
                    ping.append(self.runner.run('ping.yml', 'strategy-n%d-%s-ping-r%d' % (n, tag, rnd),
                                                forks=forks, strategy=strategy)['seconds'])
            out.append({'config': label, 'forks': forks, 'strategy': strategy,
                        'noop': statistics.median(noop), 'ping': statistics.median(ping) if ping else None,
                        'noop_all': noop, 'ping_all': ping})
            log('  %-17s collection no-op %.1fs%s' % (label, out[-1]['noop'],
                                                      ', ping %.1fs' % out[-1]['ping'] if ping else ''))
        self.results['strategy'] = {'n': n, 'rounds': rounds, 'runs': out}
        self.save()

    # where the no-op's time goes -------------------------------------------
    def cpu_split(self, n, runs):
        """No-op CPU on the controller and on the targets, per playbook, on one converged fleet.

        Controller: user + system of ansible-playbook and of every process it
        waited for (its workers and their ssh or podman clients). ssh masters
        (ControlPersist): the processes whose command line is ``ssh: ... [mux]``,
        read from /proc before and after. Targets: the sum of the containers'
        cgroup CPU time. Playbooks alternate in order; medians of ``runs``.
        """
        books = [v for v in self.args.variants if v != 'builtin'] + ['ping']
        log('CPU split: %s no-op at N=%d, %d runs each' % (', '.join(books), n, runs))
        self.fleet.create(n)
        self.runner.run('%s.yml' % books[0] if books[0] != 'ping' else 'collection.yml',
                        'split-n%d-converge' % n, forks=self.args.forks)
        cgroups = [container_cgroup(name, self.fleet.env) for name in self.fleet.names]
        if not all(cgroups):
            log('  no cgroup CPU counter for the containers: target CPU not measured')
        samples = dict((b, []) for b in books)
        for rnd in range(runs):
            for b in (books if rnd % 2 == 0 else list(reversed(books))):
                ssh = self.transport == 'ssh'
                label = 'split-n%d-%s-%d' % (n, b, rnd)
                workers_file = os.path.join(self.outdir, 'logs', 'workers-%s.jsonl' % label)
                t0, m0 = cgroup_cpu_ms(cgroups), ssh and ssh_masters_cpu_ms()
                c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                r = self.runner.run('%s.yml' % b, label, forks=self.args.forks,
                                    extra_env={'PYTHONPATH': WORKER_CPU_HOOK, 'SYSV_BENCH_WORKER_CPU': workers_file})
                c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                t1, m1 = cgroup_cpu_ms(cgroups), ssh and ssh_masters_cpu_ms()
                controller_ms = (c1.ru_utime - c0.ru_utime + c1.ru_stime - c0.ru_stime) * 1000.0
                sample = {
                    'wall': r['seconds'],
                    'controller_ms': controller_ms,
                    'masters_ms': m1 - m0 if ssh else None,
                    'targets_ms': t1 - t0 if t0 is not None and t1 is not None else None,
                    'changed': len(changed_hosts(r['recap']))}
                if sample['changed']:
                    hosts = ', '.join(changed_hosts(r['recap'])[:5])
                    raise BenchError("CPU split: the %s no-op run (round %d) changed %d host(s) (%s): its CPU is "
                                     "not a no-op's; log %s" % (b, rnd, sample['changed'], hosts, r['log']))
                sample.update(worker_split(workers_file, controller_ms, r['recap']))
                samples[b].append(sample)
        out = {'n': n, 'runs': runs, 'playbooks': {}}
        for b in books:
            med = {}
            for k in ('wall', 'controller_ms', 'masters_ms', 'targets_ms', 'main_ms', 'workers_ms', 'clients_ms'):
                vals = [x[k] for x in samples[b] if x.get(k) is not None]
                med[k] = statistics.median(vals) if vals else None
            med['changed'] = max(x['changed'] for x in samples[b])
            med['actions'] = merge_actions([x['actions'] for x in samples[b] if x.get('actions')])
            med['all'] = samples[b]
            out['playbooks'][b] = med
            log('  %-10s wall %.2fs, controller %.0f ms (main process %s ms), ssh masters %s ms, targets %s ms '
                '(no-op changed on %d hosts)'
                % (b, med['wall'], med['controller_ms'], _fmt(med['main_ms']), _fmt(med['masters_ms']),
                   _fmt(med['targets_ms']), med['changed']))
        self.results['cpu_split'] = out
        self.save()

    def run(self):
        self.fleet.check_image()
        log('results in %s' % self.outdir)
        log('sysv.services from %s; %s; %s; containers.podman %s (pipelining supported by the connection: %s)'
            % (self.controller.source, self.controller.ansible_version, self.controller.podman_version,
               self.results['containers_podman'], self.results['pipelining_supported']))
        if not self.args.no_count:
            self.count_pass()
        for n in self.args.hosts:
            self.fleet_size(n, self.args.rounds)
        if self.args.strategy_hosts and 'collection' in self.args.variants:
            self.strategy_runs(self.args.strategy_hosts, self.args.strategy_rounds or self.args.rounds)
        if self.args.cpu_split:
            self.cpu_split(max(self.args.hosts), self.args.cpu_split)
        for path in self.args.merge:
            with open(os.path.join(path, 'report.json') if os.path.isdir(path) else path) as f:
                other = json.load(f)
            if not self.results['round_trips'] and other.get('round_trips'):
                self.results['round_trips'] = other['round_trips']
                self.results['round_trips_from'] = other['started']
            for n, data in other['fleets'].items():
                if n not in self.results['fleets']:
                    data['from'] = '%s (sysv.services from %s)' % (other['started'], other.get('collection_source', '?'))
                    self.results['fleets'][n] = data
                    log('merged N=%s from the run of %s' % (n, other['started']))
        self.results['load_average'] = {'min': min(self.runner.loads or [0]), 'max': max(self.runner.loads or [0]),
                                        'median': statistics.median(self.runner.loads or [0])}
        self.results['finished'] = datetime.datetime.now(datetime.timezone.utc).strftime('%Y%m%dT%H%M%SZ')
        self.save()
        report = render_report(self.results)
        with open(os.path.join(self.outdir, 'report.md'), 'w') as f:
            f.write(report)
        plot(self.results, os.path.join(self.outdir, 'time_vs_n.png'))
        print()
        print(report)
        log('wrote %s/report.md, report.json, time_vs_n.png' % self.outdir)

    def save(self):
        with open(os.path.join(self.outdir, 'report.json'), 'w') as f:
            json.dump(self.results, f, indent=1, sort_keys=True)

    def cleanup(self, keep_workdir=False):
        try:
            self.fleet.destroy()
        finally:
            if not keep_workdir:
                shutil.rmtree(self.workdir, ignore_errors=True)


# --------------------------------------------------------------------------
# report


def _ratio(a, b):
    return a / b if b else float('nan')


def growth(results, key):
    """Least-squares seconds per added host, over the fleet sizes measured."""
    pts = sorted((int(n), d['median'][key]) for n, d in results['fleets'].items() if key in d['median'])
    if len(pts) < 2:
        return None
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return {'per_host': slope, 'intercept': my - slope * mx}


def render_report(results):
    rt = results.get('round_trips') or {}
    out = []
    w = out.append
    w('# Fleet benchmark: telnet_hardening end state, ansible.builtin vs sysv.services')
    w('')
    w('Run %s to %s; sysv.services from %s; %s; %s; containers.podman %s; %s CPUs; image `%s`; '
      '%d timed round(s) per fleet size; forks %d, strategy linear unless noted.'
      % (results['started'], results.get('finished', '(unfinished)'), results.get('collection_source', '?'),
         results['ansible'], results['podman'], results['containers_podman'], results['cpus'],
         results['image'], results['rounds'], results['forks']))
    w('')
    w('Wall time is the whole `ansible-playbook` process (start-up included), median over the rounds. '
      '"Converge" starts from freshly created containers (xinetd installed, not configured, not running); '
      '"no-op" is the rerun right after it, %s. "builtin" is `playbooks/builtin.yml` (ansible.builtin modules '
      'only), "collection" the `telnet_hardening` role, "module" one literal `sysv.services.xinetd_config` '
      'task with the values the role hands the module (`playbooks/module.yml`). The playbooks alternate in '
      'order from round to round, on the same fleet.' % (
          'run once' if results.get('noop_repeat', 1) == 1 else
          'run %d times in a row, the round keeping their median (ping too runs %d times a round)'
          % (results['noop_repeat'], results['noop_repeat'])))
    w('')
    if results.get('load_average'):
        la = results['load_average']
        w('Machine load (1-min load average when each ansible-playbook run started): median %.1f, '
          'range %.1f-%.1f on %s CPUs. Other work shared the machine; the alternating order spreads '
          'that noise over the playbooks.' % (la['median'], la['min'], la['max'], results['cpus']))
        w('')
    sizes = sorted(int(n) for n in results['fleets'])
    for n in sizes:
        med = results['fleets'][str(n)]['median']
        w('## N = %d hosts' % n)
        w('')
        if results['fleets'][str(n)].get('from'):
            w('(From the run of %s, merged.)' % results['fleets'][str(n)]['from'])
            w('')
        w('| run | wall s (median) | min-max s | tasks/host | module runs/host | podman calls/host | '
          'vs ping floor |')
        w('|---|---:|---:|---:|---:|---:|---:|')
        rounds = results['fleets'][str(n)]['rounds']
        for v in VARIANTS:
            if '%s_converge' % v not in med:
                continue
            for ph in PHASES:
                key = '%s_%s' % (v, ph)
                vals = [r[v][ph] for r in rounds]
                c = rt.get(key, {})
                w('| %s %s | %.1f | %.1f-%.1f | %s | %s | %s | %.1fx |' % (
                    v, ph, med[key], min(vals), max(vals), _fmt(c.get('tasks')), _fmt(c.get('module_runs')),
                    _fmt(_sum(c)), _ratio(med[key], med['ping'])))
        pv = [r['ping'] for r in rounds]
        c = rt.get('ping', {})
        w('| ping (floor) | %.1f | %.1f-%.1f | %s | %s | %s | 1.0x |' % (
            med['ping'], min(pv), max(pv), _fmt(c.get('tasks')), _fmt(c.get('module_runs')), _fmt(_sum(c))))
        w('')
        if 'builtin_converge' not in med or 'collection_converge' not in med:
            continue
        per_round = _per_round_ratios(rounds)
        if len(rounds) > 1:
            w('Per-round ratios (each round on its own fleet, so load swings cancel more), median and '
              'range: ' + '; '.join('%s %.2fx (%.2f-%.2f)' % (label, statistics.median(v), min(v), max(v))
                                    for label, v in per_round))
            w('')
        w('Ratios of the medians at N=%d: builtin / collection = **%.2fx** (converge), **%.2fx** (no-op); '
          'collection / ping floor = **%.2fx** (converge), **%.2fx** (no-op).' % (
              n, _ratio(med['builtin_converge'], med['collection_converge']),
              _ratio(med['builtin_noop'], med['collection_noop']),
              _ratio(med['collection_converge'], med['ping']), _ratio(med['collection_noop'], med['ping'])))
        if 'module_noop' in med:
            w('')
            w('The module alone (one literal `xinetd_config` task, no role) / ping floor = **%.2fx** (converge), '
              '**%.2fx** (no-op): the role\'s own task (its argument-spec check) and the reading of its '
              'variables cost the difference.'
              % (_ratio(med['module_converge'], med['ping']), _ratio(med['module_noop'], med['ping'])))
        w('')
    if len(sizes) > 1:
        w('## Growth with N')
        w('')
        w('| run | ' + ' | '.join('N=%d s' % n for n in sizes) + ' | s per added host (fit) | '
          'builtin/collection at each N | collection/ping at each N |')
        w('|---|' + '---:|' * len(sizes) + '---:|---|---|')
        keys = [k for k in ['%s_%s' % (v, ph) for v in VARIANTS for ph in PHASES] + ['ping']
                if any(k in d['median'] for d in results['fleets'].values())]
        for key in keys:
            g = growth(results, key)
            cells = [_fmt(results['fleets'][str(n)]['median'].get(key)) for n in sizes]
            if key.startswith('collection'):
                ph = key.split('_', 1)[1]
                rat = ', '.join('%.2fx' % _ratio(results['fleets'][str(n)]['median']['builtin_' + ph],
                                                 results['fleets'][str(n)]['median'][key]) for n in sizes
                                if key in results['fleets'][str(n)]['median']
                                and 'builtin_' + ph in results['fleets'][str(n)]['median'])
            else:
                rat = ''
            floor = ''
            if key.startswith('collection') or key.startswith('module'):
                floor = ', '.join('%.2fx' % _ratio(results['fleets'][str(n)]['median'][key],
                                                   results['fleets'][str(n)]['median']['ping']) for n in sizes
                                  if key in results['fleets'][str(n)]['median'])
            w('| %s | %s | %s | %s | %s |' % (key.replace('_', ' '), ' | '.join(cells),
                                              '%.2f' % g['per_host'] if g else '-', rat, floor))
        w('')
    if results.get('strategy'):
        s = results['strategy']
        w('## Forks and strategy (collection no-op, N=%d)' % s['n'])
        w('')
        w('Median of %d run(s) each, after one converge; ping with the same forks for the floor.'
          % s.get('rounds', 1))
        w('')
        w('| forks, strategy | collection no-op s | ping s | no-op / ping |')
        w('|---|---:|---:|---:|')
        for r in s['runs']:
            floor = '%.2fx' % _ratio(r['noop'], r['ping']) if r['ping'] else '-'
            w('| %s | %.1f | %s | %s |' % (r['config'], r['noop'], _fmt(r['ping']), floor))
        w('')
    if results.get('cpu_split'):
        cs = results['cpu_split']
        n = cs['n']
        ping = cs['playbooks'].get('ping', {})
        w('## Where the no-op\'s time goes (N=%d, %d runs each, medians)' % (n, cs['runs']))
        w('')
        w('One fleet, converged once, then every playbook as a no-op in alternating order. Controller CPU: '
          'user + system of `ansible-playbook` and of every process it waited for (its workers and their '
          'ssh or podman clients); ssh masters: the ControlPersist processes, apart; targets: the sum of the '
          'containers\' cgroup CPU time (sshd included). "/ N": the total over the %d hosts (the controller\'s '
          'includes its start-up, the same for every playbook).' % n)
        w('')
        w('| playbook | wall s | / ping | controller CPU ms / N | ssh masters ms | target CPU ms / N |')
        w('|---|---:|---:|---:|---:|---:|')
        for b, m in cs['playbooks'].items():
            w('| %s | %.2f | %s | %.1f | %s | %s |' % (
                b, m['wall'], '%.2fx' % _ratio(m['wall'], ping['wall']) if ping.get('wall') else '-',
                m['controller_ms'] / n, _fmt(m['masters_ms']),
                _fmt(m['targets_ms'] / n if m['targets_ms'] is not None else None)))
        w('')
        split = [(b, m) for b, m in cs['playbooks'].items() if m.get('main_ms') is not None]
        if split:
            w('The controller\'s CPU by process (`bench/worker_cpu`, on `ansible-playbook`\'s `PYTHONPATH` in '
              'this pass only, records the CPU of every worker Ansible forks for a task and a host). '
              'Main process: `ansible-playbook` itself, serial (the playbook and roles loaded, the variables of '
              'every host and task, the forks, the results); workers: their own CPU, the largest being the one '
              'that builds a module\'s AnsiballZ payload, once per run (the other workers of the first wave '
              'wait for it); clients: the ssh or podman clients they ran. Totals per run, medians.')
            w('')
            w('| playbook | main process ms | workers ms | clients ms |')
            w('|---|---:|---:|---:|')
            for b, m in split:
                w('| %s | %.0f | %.0f | %.0f |' % (b, m['main_ms'], m['workers_ms'], m['clients_ms']))
            w('')
            w('| playbook | task action | workers per run | median worker CPU ms | largest worker CPU ms |')
            w('|---|---|---:|---:|---:|')
            for b, m in split:
                for action, a in sorted(m.get('actions', {}).items()):
                    w('| %s | `%s` | %g | %.1f | %.1f |'
                      % (b, action, a['workers'], a['median_ms'], a['largest_ms']))
            w('')
    if rt:
        w('## Where the module runs go (per host, from the counting pass)')
        w('')
        w('| run | module runs | by module |')
        w('|---|---:|---|')
        for key in ['%s_%s' % (v, ph) for v in VARIANTS for ph in PHASES] + ['ping']:
            if key in rt:
                mods = rt[key].get('modules') or {}
                w('| %s | %s | %s |' % (key.replace('_', ' '), _fmt(rt[key].get('module_runs')),
                                        ', '.join('%s %d' % (m, c) for m, c in sorted(mods.items()))))
        w('')
    w('## Targets')
    w('')
    for n in sizes:
        med = results['fleets'][str(n)]['median']
        if 'builtin_converge' not in med or 'collection_converge' not in med:
            w('- N=%d: not evaluated (both playbooks are needed)' % n)
            continue
        pr = dict(_per_round_ratios(results['fleets'][str(n)]['rounds']))
        if len(results['fleets'][str(n)]['rounds']) > 1:
            w('- N=%d, per-round medians: builtin/collection %.2fx converge, %.2fx no-op; collection no-op / '
              'ping %.2fx.' % (n, statistics.median(pr['builtin/collection converge']),
                               statistics.median(pr['builtin/collection no-op']),
                               statistics.median(pr['collection no-op/ping'])))
        by_medians = _ratio(med['collection_noop'], med['ping'])
        if len(results['fleets'][str(n)]['rounds']) > 1:
            # met only when the ratio of the medians and the median of the
            # per-round ratios both are: one run can put them either side
            by_rounds = statistics.median(pr['collection no-op/ping'])
            both = by_medians <= 1.5 and by_rounds <= 1.5
            note = '' if both or (by_medians > 1.5 and by_rounds > 1.5) else ': met by one measure only'
            w('- N=%d: collection no-op within 1.5x the ping floor: %s (ratio of the medians %.2fx, median of the '
              'per-round ratios %.2fx%s).' % (n, _ok(both), by_medians, by_rounds, note))
        else:
            w('- N=%d: collection no-op within 1.5x the ping floor: %s (%.2fx).' % (
                n, _ok(by_medians <= 1.5), by_medians))
        if 'module_noop' in med:
            w('- N=%d, for comparison (not a target): the module alone, no-op / ping floor %.2fx.'
              % (n, _ratio(med['module_noop'], med['ping'])))
        w('- N=%d: builtin at least 4x the collection on converge: %s (%.2fx); at least 5x on the no-op: '
          '%s (%.2fx).' % (
              n, _ok(_ratio(med['builtin_converge'], med['collection_converge']) >= 4.0),
              _ratio(med['builtin_converge'], med['collection_converge']),
              _ok(_ratio(med['builtin_noop'], med['collection_noop']) >= 5.0),
              _ratio(med['builtin_noop'], med['collection_noop'])))
    w('')
    w('## Method')
    w('')
    if results.get('transport') == 'ssh':
        w('- Fleet: N podman containers on a bench network, PID 1 tini running Debian\'s sshd (image `%s`: '
          'the test image plus `openssh-server`, built by the bench), driven through Ansible\'s `ssh` '
          'connection as root with a key made for the run, `ansible_ssh_pipelining=true` and `ssh_args` '
          '`%s` (one master connection per host, reused by every module run while the run lasts): a '
          'module run is one `ssh` exchange that feeds the module to `python3` on stdin.'
          % (results['ssh']['image'], results['ssh']['ssh_args']))
    else:
        w('- Fleet: N podman containers (`--network none`, PID 1 tini) from the image, driven through the '
          '`containers.podman.podman` connection, which runs one `podman exec` per remote command.')
        w('- Pipelining: `ANSIBLE_PIPELINING=1` is set, but the podman connection declares `has_pipelining = '
          '%s` (containers.podman %s), so Ansible does not pipeline: each module run costs a `podman mount` '
          'and five `podman exec`s (`echo ~`, the temp dir, `chmod`, the module, removing the temp dir); the '
          'module file is copied through the mount.' % (results['pipelining_supported'], results['containers_podman']))
    w('- Tasks/host: the `ok` count of the play recap per host (tasks and handlers that ran, local '
      'ones included), averaged over hosts.')
    if not rt:
        w('- Module runs: not counted in this run (`--no-count`).')
    w('- Module runs: counted exactly in a separate untimed `-vvv --forks 1` pass on 2 hosts%s, with '
      '`tools/module_runs.py` (the counter the Molecule scenarios use): every start of the target\'s '
      'Python on a module (`python3 .../AnsiballZ_NAME.py && sleep 0` over podman, `python3 && sleep 0` '
      'with the module on stdin over ssh), by host; the module\'s name is the `Using module file` '
      'Ansible logs just before it. "podman calls/host" counts every podman command (exec, mount, cp) '
      'started for the host (podman transport only).' % (
          ' (taken from the run of %s)' % results['round_trips_from'] if results.get('round_trips_from') else ''))
    w('- Fairness: after every converge + no-op, `/etc/xinetd.conf` and `/etc/xinetd.d` are read back '
      'from every container (`podman exec tar`) and interpreted with the collection\'s parser (%s). '
      'Each host must have telnet enabled, every chargen/daytime/discard/echo/time id disabled, xinetd '
      'running, port 23 listening and a login prompt for a telnet client on 127.0.0.1 (tools/telnet_probe.py, '
      'run in the container). Every playbook\'s state must then equal the builtin one (without it, the '
      'role\'s) host by host (file set, enabled ids, effective attributes of every enabled service, '
      'defaults, probe); any difference aborts the bench. Checked: %s.' % (
          results['semantics_method'],
          ', '.join('N=%d round %d (%d hosts, %d differences)'
                    % (f['n'], f['round'], f['hosts'], f['differences'])
                    for f in results['fairness']) or 'nothing'))
    w('- Interpreter discovery is off (`ansible_python_interpreter=/usr/bin/python3` in the inventory) and '
      'facts are not gathered, for every playbook alike.')
    w('')
    return '\n'.join(out) + '\n'


def render_combined(all_results, outdir):
    """The transports side by side, then the module cost, then each transport's report."""
    out = []
    w = out.append
    first = all_results[0]
    w('# Fleet benchmark: telnet_hardening end state, ansible.builtin vs sysv.services, by transport')
    w('')
    w('sysv.services from %s; %s; %s; %s CPUs; forks %d; %d timed round(s) per fleet size.'
      % (first.get('collection_source', '?'), first['ansible'], first['podman'], first['cpus'], first['forks'],
         first['rounds']))
    for r in all_results:
        if r.get('transport') == 'ssh' and r.get('ssh'):
            w('SSH: %s, image `%s`, pipelining on, `ssh_args` `%s`, key authentication.'
              % (r['ssh']['openssh'], r['ssh']['image'], r['ssh']['ssh_args']))
    loads = [r['load_average'] for r in all_results if r.get('load_average')]
    if loads:
        w('Machine load (1-min load average when each run started): %s.'
          % '; '.join('%s median %.1f, range %.1f-%.1f' % (r['transport'], r['load_average']['median'],
                                                           r['load_average']['min'], r['load_average']['max'])
                      for r in all_results if r.get('load_average')))
    w('')
    sizes = sorted(set(int(n) for r in all_results for n in r['fleets']))
    names = [r['transport'] for r in all_results]
    for n in sizes:
        w('## N = %d hosts, side by side' % n)
        w('')
        w('| run | ' + ' | '.join('%s wall s' % t for t in names) + ' | '
          + ' | '.join('%s module runs/host' % t for t in names) + ' |')
        w('|---|' + '---:|' * (2 * len(names)))
        keys = ['%s_%s' % (v, ph) for v in VARIANTS for ph in PHASES] + ['ping']
        for key in keys:
            cells = []
            for r in all_results:
                med = r['fleets'].get(str(n), {}).get('median', {})
                cells.append(_fmt(med.get(key)))
            runs = [_fmt((r.get('round_trips') or {}).get(key, {}).get('module_runs')) for r in all_results]
            w('| %s | %s | %s |' % (key.replace('_', ' '), ' | '.join(cells), ' | '.join(runs)))
        w('')
        for r in all_results:
            med = r['fleets'].get(str(n), {}).get('median', {})
            if 'collection_noop' not in med:
                continue
            line = '- %s: collection no-op / ping floor **%.2fx** (target at most 1.5x: %s)' % (
                r['transport'], _ratio(med['collection_noop'], med['ping']),
                _ok(_ratio(med['collection_noop'], med['ping']) <= 1.5))
            if 'module_noop' in med:
                line += '; the module alone / ping **%.2fx**' % _ratio(med['module_noop'], med['ping'])
            if 'builtin_noop' in med:
                line += '; builtin / collection **%.2fx** converge (target 4x: %s), **%.2fx** no-op (target 5x: %s)' % (
                    _ratio(med['builtin_converge'], med['collection_converge']),
                    _ok(_ratio(med['builtin_converge'], med['collection_converge']) >= 4.0),
                    _ratio(med['builtin_noop'], med['collection_noop']),
                    _ok(_ratio(med['builtin_noop'], med['collection_noop']) >= 5.0))
            w(line + '.')
        w('')
    cost = next((r['module_cost'] for r in all_results if r.get('module_cost')), None)
    if cost:
        w('## Cost of one module run on the target')
        w('')
        w('Measured in one container (Python %s) by re-running the AnsiballZ files Ansible left there '
          '(`ANSIBLE_KEEP_REMOTE_FILES=1`) of a collection no-op and of a ping, %d times each, median: '
          'the same arguments, so the same no-op. Import time from `python3 -X importtime` (top-level '
          'imports; the collection\'s and ansible\'s apart); CPU is user + system of the process. '
          '`python3 -c pass` takes %.1f ms wall, %.1f ms CPU.'
          % (cost['python'], cost['repeat'], cost['interpreter']['wall_ms'], cost['interpreter']['cpu_ms']))
        w('')
        w('| module | AnsiballZ bytes | import ms | of which sysv.services | of which ansible | CPU ms | wall ms | '
          'heaviest top-level imports (ms) |')
        w('|---|---:|---:|---:|---:|---:|---:|---|')
        for name, c in sorted(cost['modules'].items()):
            if 'error' in c:
                w('| %s | %s |  |  |  |  |  |  |' % (name, c['error']))
                continue
            w('| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %s |' % (
                name, c['ansiballz_bytes'], c['import_ms'], c['collection_import_ms'], c['ansible_import_ms'],
                c['cpu_ms'], c['wall_ms'], ', '.join('%s %.1f' % (k, v) for k, v in c['heaviest_imports_ms'])))
        w('')
    for r in all_results:
        w('---')
        w('')
        w('# Transport: %s' % r['transport'])
        w('')
        w('(`%s/report.md`)' % r['transport'])
        w('')
        body = render_report(r).split('\n', 2)[2]
        w(body.replace('\n## ', '\n### '))
    return '\n'.join(out) + '\n'


def _per_round_ratios(rounds):
    out = []
    for label, num, den in (('builtin/collection converge', ('builtin', 'converge'), ('collection', 'converge')),
                            ('builtin/collection no-op', ('builtin', 'noop'), ('collection', 'noop')),
                            ('collection converge/ping', ('collection', 'converge'), None),
                            ('collection no-op/ping', ('collection', 'noop'), None),
                            ('module no-op/ping', ('module', 'noop'), None)):
        vals = []
        for r in rounds:
            if num[0] not in r or (den and den[0] not in r):
                continue
            vals.append(r[num[0]][num[1]] / (r[den[0]][den[1]] if den else r['ping']))
        if vals:
            out.append((label, vals))
    return out


def _median_of(values):
    """' (median of 4.1, 3.9, 4.4)' for a log line; '' for a single value."""
    return ' (median of %s)' % ', '.join('%.1f' % x for x in values) if len(values) > 1 else ''


def _fmt(x):
    return '-' if x is None else ('%.1f' % x)


def _sum(c):
    if not c:
        return None
    return c.get('podman_exec', 0) + c.get('podman_other', 0)


def _ok(cond):
    return 'met' if cond else '**missed**'


def plot(results, path):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    sizes = sorted(int(n) for n in results['fleets'])
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    styles = {'builtin_converge': ('builtin converge', 'tab:red', '-'),
              'builtin_noop': ('builtin no-op', 'tab:red', '--'),
              'collection_converge': ('sysv.services converge', 'tab:blue', '-'),
              'collection_noop': ('sysv.services no-op', 'tab:blue', '--'),
              'module_converge': ('xinetd_config alone converge', 'tab:green', '-'),
              'module_noop': ('xinetd_config alone no-op', 'tab:green', '--'),
              'ping': ('ping (1 task floor)', 'black', ':')}
    for key, (label, color, ls) in styles.items():
        xs = [n for n in sizes if key in results['fleets'][str(n)]['median']]
        if not xs:
            continue
        ys = [results['fleets'][str(n)]['median'][key] for n in xs]
        ax.plot(xs, ys, marker='s' if ls == '--' else 'o', markerfacecolor='white' if ls == '--' else color,
                color=color, linestyle=ls, label=label)
    ax.set_xlabel('hosts (N)')
    ax.set_ylabel('wall time, s (median of the rounds at each N)')
    ax.set_title('telnet_hardening end state over %s, forks %d' % (results.get('transport', 'podman'), results['forks']))
    ax.set_xticks(sizes)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


# --------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0],
                                epilog='bench.py --rerender RESULTS_DIR [MERGE_DIR...] rebuilds report.md and '
                                       'the plot of a finished run, adding fleet sizes from other runs.')
    p.add_argument('--hosts', default='20',
                   help='comma-separated fleet sizes (default 20; the scaling run uses 5,10,20,40)')
    p.add_argument('--rounds', type=int, default=3, help='timed rounds per fleet size (default 3)')
    p.add_argument('--forks', type=int, default=5, help='forks for the timed runs (default 5, Ansible\'s)')
    p.add_argument('--strategy-hosts', type=int, default=None,
                   help='also time the collection no-op with forks 5/20 and strategy linear/free at this N')
    p.add_argument('--strategy-rounds', type=int, default=None,
                   help='rounds for the forks/strategy runs (default: --rounds)')
    p.add_argument('--merge', action='append', default=[],
                   help='report.json (or its directory) of an earlier run whose fleet sizes this run lacks, '
                        'for the growth table and plot (marked as merged)')
    p.add_argument('--live', action='store_true',
                   help='run the collection from the working tree (default: a snapshot of HEAD)')
    p.add_argument('--name-prefix', default=NAME_PREFIX,
                   help='container name prefix (default %(default)s; give concurrent runs different ones)')
    p.add_argument('--no-count', action='store_true', help='skip the -vvv round-trip counting pass')
    p.add_argument('--image', default=os.environ.get('BENCH_IMAGE', DEFAULT_IMAGE))
    p.add_argument('--output', default=os.path.join(HERE, 'results'))
    p.add_argument('--ansible-playbook', default=None, help='ansible-playbook to use (default: next to python)')
    p.add_argument('--collections-path', default=None,
                   help='where containers.podman is (default: $ANSIBLE_COLLECTIONS_PATH)')
    p.add_argument('--transports', default=','.join(TRANSPORTS),
                   help='connections to measure, side by side (default podman,ssh): podman = '
                        'containers.podman.podman (podman exec), ssh = sshd in each container (Debian\'s '
                        'openssh-server, key authentication), pipelining and ControlPersist')
    p.add_argument('--noop-repeat', type=int, default=3,
                   help='no-op reruns after each converge, and ping runs per round; the round keeps their '
                        'median (default 3)')
    p.add_argument('--cpu-split', type=int, default=0, metavar='RUNS',
                   help='after the timed rounds, run each playbook but builtin, and ping, RUNS times as a no-op on '
                        'one converged fleet of the largest N, and report CPU on the controller, in the ssh '
                        'masters and in the containers (default 0: not measured)')
    p.add_argument('--no-cost', action='store_true', help='skip the cost-of-one-module-run measurement')
    p.add_argument('--cost-repeat', type=int, default=10,
                   help='runs of each kept AnsiballZ file for the module cost (default 10)')
    p.add_argument('--variants', default=','.join(VARIANTS),
                   help='which playbooks to time (default %(default)s): builtin (ansible.builtin modules), '
                        'collection (the telnet_hardening role), module (one literal xinetd_config task); '
                        'the builtin/collection targets need both')
    args = p.parse_args(argv)
    args.variants = tuple(v for v in args.variants.split(',') if v)
    args.transports = tuple(t for t in args.transports.split(',') if t)
    if not args.transports or set(args.transports) - set(TRANSPORTS):
        p.error('--transports takes podman and/or ssh')
    if not args.variants or set(args.variants) - set(VARIANTS):
        p.error('--variants takes some of %s' % ', '.join(VARIANTS))
    args.hosts = [int(x) for x in args.hosts.split(',') if x.strip()]
    if not args.hosts or min(args.hosts) < 1 or args.rounds < 1 or args.noop_repeat < 1:
        p.error('--hosts needs sizes >= 1, --rounds and --noop-repeat at least 1')
    return args


def rerender(path, merge=()):
    """Rebuild report.md and time_vs_n.png of a finished run from its report.json and logs.

    Fleet sizes found in the report.json files of ``merge`` and missing from
    this run are added (marked as merged).
    """
    with open(os.path.join(path, 'report.json')) as f:
        results = json.load(f)
    for other_path in merge:
        with open(os.path.join(other_path, 'report.json')) as f:
            other = json.load(f)
        for n, data in other['fleets'].items():
            if n not in results['fleets'] or results['fleets'][n].get('from'):
                data['from'] = '%s (sysv.services from %s)' % (other['started'], other.get('collection_source', '?'))
                results['fleets'][n] = data
                results['fairness'] = [f for f in results['fairness'] if str(f['n']) != n] + \
                    [f for f in other.get('fairness', []) if str(f['n']) == n]
        if not results.get('round_trips') and other.get('round_trips'):
            results['round_trips'] = other['round_trips']
            results['round_trips_from'] = other['started']
    logs = os.path.join(path, 'logs')
    for name in sorted(os.listdir(logs)) if os.path.isdir(logs) else []:
        m = re.match(r'\d+-count-(.+)\.log$', name)
        if m and not results.get('round_trips_from'):
            with open(os.path.join(logs, name)) as f:
                text = f.read()
            key = m.group(1).replace('-', '_')
            hosts = sorted(set(hit.group(1) for hit in RUN_LINE.finditer(text)))
            recap = dict((r.group(1), {'ok': int(r.group(2))}) for r in RECAP.finditer(text))
            results['round_trips'][key] = dict(mean_counts(count_round_trips(text, hosts)),
                                               tasks=tasks_per_host(recap))
    with open(os.path.join(path, 'report.json'), 'w') as f:
        json.dump(results, f, indent=1, sort_keys=True)
    report = render_report(results)
    with open(os.path.join(path, 'report.md'), 'w') as f:
        f.write(report)
    plot(results, os.path.join(path, 'time_vs_n.png'))
    print(report)
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ['--rerender']:
        return rerender(argv[1], argv[2:])
    args = parse_args(argv)

    def on_signal(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y%m%dT%H%M%SZ')
    outdir = os.path.abspath(os.path.join(args.output, stamp))
    workdir = tempfile.mkdtemp(prefix='sysv-bench-')
    benches = []
    ssh = None
    try:
        controller = Controller(args, workdir)
        for transport in args.transports:
            if transport == 'ssh':
                ssh = SshAccess(args.image, controller.env, workdir, 'run-%d-%s' % (os.getpid(), stamp),
                                args.name_prefix)
                podman(['image', 'exists', args.image], controller.env)
                ssh.ensure_image()
            bench = Bench(args, transport, os.path.join(outdir, transport), workdir, controller, ssh)
            benches.append(bench)
            log('== transport %s' % transport)
            bench.run()
            bench.cleanup(keep_workdir=True)
        report = render_combined([b.results for b in benches], outdir)
        with open(os.path.join(outdir, 'report.md'), 'w') as f:
            f.write(report)
        log('combined report: %s' % os.path.join(outdir, 'report.md'))
        return 0
    except (BenchError, subprocess.CalledProcessError) as exc:
        log('ABORTED: %s' % exc)
        return 1
    finally:
        log('removing bench containers')
        for bench in benches:
            bench.cleanup(keep_workdir=True)
        if ssh is not None:
            ssh.remove_network()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
