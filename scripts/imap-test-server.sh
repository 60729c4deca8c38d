#!/usr/bin/env bash
# Start or stop a throwaway IMAP server for the tests: Debian's dovecot (dovecot-imapd) as
# an unprivileged process on 127.0.0.1 — its own directory, a passwd-file user, a
# self-signed certificate (openssl) for IMAPS and STARTTLS, mail under the directory.
#
#   scripts/imap-test-server.sh start   prints KEY=VALUE lines (IMAPTEST_PORT, …)
#   scripts/imap-test-server.sh stop
#
# IMAPTEST_DIR (default /tmp/kamitaiou-imaptest) holds everything; the ports are random
# free ones (IMAPTEST_PORT / IMAPTEST_SSL_PORT to choose them). Run as root, the server
# runs as the "dovecot" system user; otherwise as the caller.
set -euo pipefail
action=${1:?start|stop}
dir=${IMAPTEST_DIR:-/tmp/kamitaiou-imaptest}
user=${IMAPTEST_USER:-kamitaiou}
password=${IMAPTEST_PASSWORD:-imap-test-password}
dovecot_bin=$(command -v dovecot || echo /usr/sbin/dovecot)

if [ "$(id -u)" -eq 0 ]; then run_as=dovecot; else run_as=$(id -un); fi
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$run_as" -- "$@"; else "$@"; fi
}
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
stop_server() {
  if [ -f "$dir/dovecot.conf" ]; then
    as_owner "$dovecot_bin" -c "$dir/dovecot.conf" stop >/dev/null 2>&1 || true
    for _ in $(seq 50); do [ -e "$dir/run/master.pid" ] || break; sleep 0.1; done
    if [ -f "$dir/run/master.pid" ]; then kill -9 "$(cat "$dir/run/master.pid")" 2>/dev/null || true; fi
  fi
}

case "$action" in
  start)
    [ -x "$dovecot_bin" ] || { echo "imap-test-server: dovecot is not installed (apt-get install dovecot-imapd)" >&2; exit 3; }
    stop_server
    rm -rf "$dir"
    mkdir -p "$dir/run" "$dir/state" "$dir/home"
    chmod 755 "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1
    uid=$(id -u "$run_as"); gid=$(id -g "$run_as")
    echo "$user:{PLAIN}$password:$uid:$gid::$dir/home/$user" >"$dir/passwd"
    port=${IMAPTEST_PORT:-$(free_port)}
    ssl_port=${IMAPTEST_SSL_PORT:-$(free_port)}
    cat >"$dir/dovecot.conf" <<CONF
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
default_internal_user = $run_as
default_internal_group = $(id -gn "$run_as")
default_login_user = $run_as
first_valid_uid = $uid
last_valid_uid = $uid
first_valid_gid = $gid
last_valid_gid = $gid
ssl = yes
ssl_cert = <$dir/cert.pem
ssl_key = <$dir/key.pem
# The tests also read without TLS (imap_security "none", allowed for 127.0.0.1 only).
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/passwd
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $ssl_port
    ssl = yes
  }
}
service anvil {
  chroot =
}
service auth {
  unix_listener auth-userdb {
    mode = 0600
    user = $run_as
  }
}
CONF
    [ "$(id -u)" -eq 0 ] && chown -R "$run_as": "$dir"
    chmod 600 "$dir/key.pem" "$dir/passwd"
    if ! as_owner "$dovecot_bin" -c "$dir/dovecot.conf" >"$dir/start.log" 2>&1; then
      echo "imap-test-server: dovecot did not start:" >&2
      cat "$dir/start.log" "$dir/dovecot.log" >&2 2>/dev/null || true
      exit 1
    fi
    for _ in $(seq 100); do
      if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1).close()" 2>/dev/null; then
        echo "IMAPTEST_HOST=127.0.0.1"
        echo "IMAPTEST_PORT=$port"
        echo "IMAPTEST_SSL_PORT=$ssl_port"
        echo "IMAPTEST_USER=$user"
        echo "IMAPTEST_PASSWORD=$password"
        echo "IMAPTEST_CAFILE=$dir/cert.pem"
        echo "IMAPTEST_DIR=$dir"
        exit 0
      fi
      sleep 0.1
    done
    echo "imap-test-server: dovecot is not listening on $port; its log:" >&2
    cat "$dir/dovecot.log" >&2 2>/dev/null || true
    exit 1
    ;;
  stop)
    stop_server
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
