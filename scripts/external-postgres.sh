# Sourced by verify-production.sh and verify-install.sh: Debian's PostgreSQL (installed with apt
# when missing) as an external server of their own, in a folder the postgres user can reach.
#   require_root <name>                 stops unless run as root
#   free_port                           prints a free TCP port of 127.0.0.1
#   start_external_postgres <dir> <password>   initdb + start; sets PG_PORT
#   stop_external_postgres <dir>        fast shutdown (quiet if it is not running)

require_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "$1: run as root (it installs and starts a PostgreSQL as the postgres user)" >&2
    exit 1
  fi
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

if ! ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1; then
  echo "» installing Debian's PostgreSQL"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

start_external_postgres() {
  local dir=$1 password=$2
  PG_PORT=$(free_port)
  mkdir -p "$dir"
  chmod 755 "$dir"
  chown postgres "$dir"
  printf '%s\n' "$password" > "$dir/password"
  chown postgres "$dir/password"
  runuser -u postgres -- "$PGBIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/password" \
    --auth=scram-sha-256 > /dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $dir" start > /dev/null
  echo "» PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

stop_external_postgres() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$1/data" -m fast stop > /dev/null 2>&1 || true
}
