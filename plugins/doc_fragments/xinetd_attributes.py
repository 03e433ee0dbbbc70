# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The typed xinetd attributes of one service entry (xinetd.conf(5)).
    DOCUMENTATION = r'''
options:
  enabled:
    description:
      - Whether xinetd runs the service. Written as C(disable = no) or C(disable = yes).
    type: bool
    default: true
  id:
    description:
      - Unique identifier of the entry; defaults to the service name. Needed when one name has several
        entries (for example C(echo-stream) and C(echo-dgram)).
    type: str
  type:
    description:
      - Service types. V(UNLISTED) (not in C(/etc/services)) requires O(port).
    type: list
    elements: str
    choices: [RPC, INTERNAL, UNLISTED, TCPMUX, TCPMUXPLUS]
  flags:
    description:
      - Service flags. An unknown flag would make xinetd disable the service, so only these are accepted.
    type: list
    elements: str
    choices: [INTERCEPT, NORETRY, IDONLY, NAMEINARGS, NODELAY, KEEPALIVE, NOLIBWRAP, SENSOR, IPv4, IPv6, LABELED, REUSE]
  socket_type:
    description:
      - Socket type. Inferred by xinetd from O(protocol) when missing (tcp means stream, udp means dgram).
    type: str
    choices: [stream, dgram, raw, seqpacket]
  protocol:
    description:
      - Protocol name from C(/etc/protocols); inferred from O(socket_type) when missing.
    type: str
  port:
    description:
      - Port number. For a listed service it must match C(/etc/services) (xinetd drops the service otherwise).
    type: int
  wait:
    description:
      - V(true) for single-threaded services (C(wait = yes)), V(false) for one server per connection.
    type: bool
  user:
    description:
      - User the server runs as (name or number). Must exist on the host.
    type: str
  group:
    description:
      - Group the server runs as (name or number). Must exist on the host. This is the xinetd attribute;
        the group owning the file is O(file_group).
    type: str
  server:
    description:
      - Absolute path of the server program; it must exist and be executable. Arguments go in O(server_args).
    type: str
  server_args:
    description:
      - Arguments of the server, as a list of words or a string split on blanks. xinetd has no quoting.
    type: raw
  redirect:
    description:
      - C(HOST PORT) to forward TCP connections to, instead of running a server.
    type: str
  rpc_version:
    description:
      - RPC version (C(N) or C(N-M)).
    type: str
  rpc_number:
    description:
      - RPC program number, required for an RPC UNLISTED service.
    type: int
  bind:
    description:
      - Address to listen on (all addresses when missing).
    type: str
  v6only:
    description:
      - Set C(IPV6_V6ONLY) on the socket.
    type: bool
  only_from:
    description:
      - Addresses allowed to connect. A list sets the attribute (C(=), replacing inherited values); a mapping with
        the keys C(add) and C(remove) renders C(+=) and C(-=) lines. An empty list denies everyone.
      - Dotted IPv4 addresses with trailing zero octets are wildcards (C(10.0.0.0) is a /8); CIDR and
        C(a.b.{c,d}) forms are accepted; host names must resolve when xinetd reads the file.
    type: raw
  no_access:
    description:
      - Addresses denied, same forms as O(only_from). An address in both lists is denied.
    type: raw
  access_times:
    description:
      - Time ranges C(HH:MM-HH:MM) when the service is available, hours 0 to 23, start before end.
        xinetd rejects C(24:00) (with the C(disable = no) line the module writes, it then listens and refuses
        every connection), so such a value fails the task.
    type: list
    elements: str
  instances:
    description:
      - Maximum number of simultaneous servers, an integer or V(UNLIMITED).
    type: raw
  per_source:
    description:
      - Maximum number of servers per source address, an integer or V(UNLIMITED).
    type: raw
  cps:
    description:
      - Connection rate limit as C([rate, seconds]) - more than C(rate) connections per second stops the
        service for C(seconds).
    type: list
    elements: int
  max_load:
    description:
      - One-minute load average above which connections are refused.
    type: float
  deny_time:
    description:
      - Minutes, V(FOREVER) or V(NEVER) to deny a source that triggered a SENSOR.
    type: str
  log_type:
    description:
      - C(SYSLOG facility [level]) or C(FILE path [soft [hard]]).
    type: str
  log_on_success:
    description:
      - What to log on success (V(PID), V(HOST), V(USERID), V(EXIT), V(DURATION), V(TRAFFIC)); a list or a
        mapping C({add, remove}) as for O(only_from).
    type: raw
  log_on_failure:
    description:
      - What to log on failure (V(HOST), V(USERID), V(ATTEMPT)); a list or a mapping C({add, remove}).
    type: raw
  banner:
    description:
      - File shown at the start of every connection.
    type: str
  banner_success:
    description:
      - File shown when a connection is accepted.
    type: str
  banner_fail:
    description:
      - File shown when a connection is refused.
    type: str
  env:
    description:
      - C(NAME=VALUE) pairs added to the server's environment (values without blanks); a list or a mapping
        with C(add) only (C(env -=) would disable the service).
    type: raw
  passenv:
    description:
      - Names of xinetd environment variables passed to the server; a list or a mapping C({add, remove}).
    type: raw
  nice:
    description:
      - Server priority.
    type: int
  umask:
    description:
      - Octal umask of the server, as a string (for example V("022")).
    type: str
  groups:
    description:
      - Give the server all the groups of O(user).
    type: bool
  rlimit_as:
    description:
      - Address space limit, bytes with optional K or M, or V(UNLIMITED).
    type: str
  rlimit_cpu:
    description:
      - CPU time limit in seconds, or V(UNLIMITED).
    type: str
  rlimit_data:
    description:
      - Data size limit, bytes with optional K or M, or V(UNLIMITED).
    type: str
  rlimit_rss:
    description:
      - Resident set size limit, bytes with optional K or M, or V(UNLIMITED).
    type: str
  rlimit_stack:
    description:
      - Stack size limit, bytes with optional K or M, or V(UNLIMITED).
    type: str
  rlimit_files:
    description:
      - Open files limit (openSUSE builds only).
    type: str
  libwrap:
    description:
      - Service name used for TCP wrappers instead of the server's name.
    type: str
  mdns:
    description:
      - Announce the service through mDNS (build dependent).
    type: bool
'''

    # How the xinetd modules write files and reload xinetd.
    APPLY = r'''
options:
  backup:
    description:
      - Keep a copy of every file changed, named like M(ansible.builtin.template) backups
        (C(NAME.PID.DATE@TIME~)); xinetd's C(includedir) never loads such names.
    type: bool
    default: false
  mode:
    description:
      - Permissions of the files written, as an octal string.
    type: raw
    default: '0644'
  owner:
    description:
      - Owner of the files written.
    type: str
    default: root
  file_group:
    description:
      - Group of the files written (C(group) is the xinetd attribute of a service).
    type: str
    default: root
  reload:
    description:
      - When a file changed and xinetd runs, make it re-read its configuration (SIGHUP, through
        C(systemctl reload) when systemd manages it). A reload, not a restart - live sessions survive.
      - After the reload the module checks that xinetd still runs and that every enabled service of the
        changed files listens on its port. Otherwise it puts all previous files back, reloads again and
        fails with the reason (RV(rolled_back=true)).
    type: bool
    default: true
  xinetd_state:
    description:
      - V(started) starts xinetd when it is not running (init script, C(systemctl), or C(xinetd -stayalive
        -pidfile /run/xinetd.pid) where there is no init system). V(unchanged) leaves a stopped xinetd stopped.
    type: str
    choices: [started, unchanged]
    default: unchanged
  reload_timeout:
    description:
      - Seconds to wait for xinetd to listen on the expected ports after a reload or start.
    type: int
    default: 10
  host_checks:
    description:
      - Checks of the services against the host, done before anything is written, as xinetd does them when it
        loads the file (a disabled entry is checked as if enabled, by the collection's policy). V(server)
        (exists and is executable), V(user), V(group) (exist), V(port) (the name is in O(services_file) for
        its protocol and an explicit C(port) matches; UNLISTED needs a port), V(protocol) (in
        C(/etc/protocols)), V(hosts) (host names resolve, a C(bind) address is an address of the host).
      - Leave some out when the files are prepared for another system (a chroot, an image).
    type: list
    elements: str
    choices: [server, user, group, port, protocol, hosts]
    default: [server, user, group, port, protocol, hosts]
  services_file:
    description:
      - The services database the port checks read.
    type: path
    default: /etc/services
'''
