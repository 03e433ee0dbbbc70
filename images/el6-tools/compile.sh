#!/bin/bash
# Runs inside the throw-away build chroot (see build.sh). The verified
# sources are in /src/<name>; it installs into two staging trees that
# build.sh packs as local .debs: /out/xinetd and /out/el6-tools.
set -euo pipefail
X=/out/xinetd
T=/out/el6-tools
OPT="-O2 -g -pipe -D_FORTIFY_SOURCE=2 -fstack-protector-strong"

# chkconfig 1.3.49.5 and ntsysv. Its Makefile puts -lselinux -lsepol before
# the objects, which today's ld drops: compile with make, link here. Its
# "make install" is not used (it would install Red Hat's alternatives over
# Debian's update-alternatives).
cd /src/chkconfig-1.3.49.5
make RPM_OPT_FLAGS="$OPT" chkconfig.o ntsysv.o leveldb.o
gcc -o chkconfig chkconfig.o leveldb.o -lpopt -lselinux -lsepol
gcc -o ntsysv ntsysv.o leveldb.o -lnewt -lpopt -lselinux -lsepol
make -C po
install -D -m 0755 chkconfig "$T/usr/sbin/chkconfig"
install -D -m 0755 ntsysv "$T/usr/sbin/ntsysv"
install -D -m 0644 chkconfig.8 "$T/usr/share/man/man8/chkconfig.8"
install -D -m 0644 ntsysv.8 "$T/usr/share/man/man8/ntsysv.8"
make -C po install DESTDIR="$T"
install -D -m 0644 COPYING "$T/usr/share/doc/el6-tools/COPYING.chkconfig"

# xinetd 2.3.14 as CentOS 6 configures it (--with-loadavg --with-libwrap).
# glibc 2.36 has no Sun RPC headers: libtirpc instead; the old Makefiles
# read CFLAGS, not CPPFLAGS. No source change, no Red Hat patch.
cd /src/xinetd-2.3.14
CFLAGS="$OPT -I/usr/include/tirpc" LIBS="-ltirpc" ./configure --prefix=/usr \
    --sbindir=/usr/sbin --mandir=/usr/share/man --with-loadavg --with-libwrap
make
install -D -m 0755 xinetd/xinetd "$X/usr/sbin/xinetd"
install -D -m 0644 xinetd/xinetd.man "$X/usr/share/man/man8/xinetd.8"
install -D -m 0644 xinetd/xinetd.log.man "$X/usr/share/man/man8/xinetd.log.8"
install -D -m 0644 xinetd/xinetd.conf.man "$X/usr/share/man/man5/xinetd.conf.5"
install -D -m 0600 contrib/xinetd.conf "$X/etc/xinetd.conf"
install -D -m 0644 COPYRIGHT "$X/usr/share/doc/xinetd/COPYRIGHT"
mkdir -p "$X/etc/xinetd.d"
for f in contrib/xinetd.d/*; do      # CentOS 6 ships all of them but ftp-sensor
    [ "${f##*/}" = ftp-sensor ] || install -m 0644 "$f" "$X/etc/xinetd.d/"
done

# initscripts 9.03.61: service, functions, what they source and run
cd /src/initscripts-9.03.61
install -D -m 0755 service "$T/usr/sbin/service"
install -D -m 0644 rc.d/init.d/functions "$T/etc/rc.d/init.d/functions"
install -D -m 0644 lang.sh "$T/etc/profile.d/lang.sh"
install -D -m 0644 sysconfig/init "$T/etc/sysconfig/init"
gcc $OPT -Wall -D_GNU_SOURCE -o consoletype src/consoletype.c
gcc $OPT -Wall -D_GNU_SOURCE -o usleep src/usleep.c -lpopt
install -D -m 0755 consoletype "$T/usr/sbin/consoletype"
install -D -m 0755 usleep "$T/usr/bin/usleep"
install -d "$T/usr/share/locale/ko/LC_MESSAGES"
msgfmt -o "$T/usr/share/locale/ko/LC_MESSAGES/initscripts.mo" po/ko.po
install -D -m 0644 COPYING "$T/usr/share/doc/el6-tools/COPYING.initscripts"

# compiled locales for the image (it does not need the locales package)
mkdir -p /out/locales
localedef -i en_US -f UTF-8 --no-archive en_US.utf8 || true
localedef -i ko_KR -f UTF-8 --no-archive ko_KR.utf8 || true
cp -a /usr/lib/locale/en_US.utf8 /usr/lib/locale/ko_KR.utf8 /out/locales/
