#!/bin/sh
# The custom distribution's smoke run (examples/peerset-dist-custom, phase package): the assembled
# distribution, started as a user would, shows the seed-list plugin working.
#
#   1. `config` reads a [plugins.seed-list] table and prints it with its documentation; the default
#      distribution, which lacks the plugin, refuses the same file in one line; a bad value is one line.
#   2. A node of the default distribution listens on 127.0.0.1 (Regtest, an ephemeral port, started
#      first); its address goes into a seed list, signed with a fresh Ed25519 key (SignSeedList.java).
#   3. The custom distribution's `run` is given nothing but that list (no configured peers, no DNS,
#      no peer cache): it must dial the listener because the seed-list source named it, and handshake.
#
# Usage: smoke.sh DEFAULT_DIST CUSTOM_DIST WORK_DIR JAVA
# Exit status 0 when every check passes; otherwise the first failed check, with the outputs.

set -u
DEFAULT=$1
CUSTOM=$2
WORK=$3
JAVA=$4
HERE=$(dirname -- "$(readlink -f -- "$0")")
export JAVA_OPTS=

fail() {
  echo "smoke custom-dist: $1" >&2
  for f in "$WORK"/*.out "$WORK"/*.err "$WORK"/events.jsonl; do
    [ -f "$f" ] && { echo "--- $f" >&2; tail -n 40 "$f" >&2; }
  done
  [ -n "${LISTENER:-}" ] && kill "$LISTENER" 2>/dev/null
  [ -n "${NODE:-}" ] && kill "$NODE" 2>/dev/null
  exit 1
}

expect() { # expect NAME FILE SUBSTRING
  grep -qF -- "$3" "$2" || fail "$1: $(basename -- "$2") lacks '$3'"
}

rm -rf "$WORK" && mkdir -p "$WORK" || fail "cannot make $WORK"
cd "$WORK" || fail "cannot enter $WORK"

for f in LICENSE LICENSE-MIT LICENSE-APACHE NOTICE; do
  [ -f "$CUSTOM/$f" ] || fail "the distribution lacks $f"
done

# ---- peerset-assemble refuses in one line: a usage error (2), and --force aimed at its own distribution ----
"$DEFAULT/bin/peerset-assemble" --output "$WORK/nothing" > usage.out 2> usage.err
rc=$?
[ "$rc" -eq 2 ] || fail "assemble without --plugin: exit $rc, expected 2"
expect assemble-usage usage.err "peerset-assemble: at least one --plugin is required"
set -- "$CUSTOM"/lib/peerset-plugin-seedlist-*.jar
"$DEFAULT/bin/peerset-assemble" --output "$DEFAULT" --force --plugin "$1" > self.out 2> self.err
rc=$?
[ "$rc" -eq 1 ] || fail "assemble over its own distribution: exit $rc, expected 1"
expect assemble-self self.err "the distribution it copies, or inside it"
[ -x "$DEFAULT/bin/peerset" ] || fail "assemble over its own distribution removed it"
echo "smoke custom-dist assemble-errors: a usage error and --force on its own distribution are refused"

# ---- a listener of the default distribution, started first: it comes up while the files are checked ----
timeout -s TERM 60 "$DEFAULT/bin/peerset" run --network regtest --listen 127.0.0.1:0 --no-dns --no-cache \
  --status-interval 1m > listener.out 2> listener.err &
LISTENER=$!

# ---- 1. the configuration ----
cat > peerset.toml <<TOML
[network]
network = "Regtest"
listen_addr = "127.0.0.1:0"
initial_testnet_peers = []
cache_dir = false

[peerset]
dns_seeding = false

[plugins.seed-list]
source = "$WORK/seeds.txt"
timeout = "5s"
TOML

"$CUSTOM/bin/peerset" config --file peerset.toml > config.out 2> config.err || fail "config: exit $?"
expect config config.out "[plugins.seed-list]"
expect config config.out "source = \"$WORK/seeds.txt\""
expect config config.out "# public_key = "
[ -s config.err ] && fail "config: unexpected stderr"
echo "smoke custom-dist config: the [plugins.seed-list] table is read and written back"

"$DEFAULT/bin/peerset" config --file peerset.toml > default.out 2> default.err && fail "default config: exit 0, expected 1"
expect default-config default.err "plugins.seed-list: no plugin of that name on the module path"
echo "smoke custom-dist default-config: the default distribution, without the plugin, refuses the table"

sed 's/^timeout = .*/max_peers = 0/' peerset.toml > bad.toml
"$CUSTOM/bin/peerset" config --file bad.toml > bad.out 2> bad.err && fail "bad config: exit 0, expected 1"
expect bad-config bad.err "bad.toml: plugins.seed-list.max_peers: the integer 0 (expected: an integer 1..10000)"
[ "$(wc -l < bad.err)" -eq 1 ] || fail "bad config: more than one line on stderr"
echo "smoke custom-dist bad-config: a bad plugin value is one line"

# ---- 2. the listener's address in a seed list, signed ----
# its start-up line names the port; a node starts in about a second (20 s is only CI's margin)
tries=0
until grep -q "listening on 127.0.0.1:" listener.err 2>/dev/null; do
  tries=$((tries + 1))
  [ "$tries" -le 200 ] || fail "listener: no 'listening on' line within 20 s"
  kill -0 "$LISTENER" 2>/dev/null || fail "listener: exited early"
  sleep 0.1
done
PEER=$(sed -n 's/.*listening on \(127\.0\.0\.1:[0-9]*\),.*/\1/p' listener.err)
printf '# the smoke run'"'"'s listener\n%s\n' "$PEER" > seeds.txt
KEY=$("$JAVA" "$HERE/SignSeedList.java" seeds.txt) || fail "signing the seed list failed"
printf 'public_key = "%s"\n' "$KEY" | cat peerset.toml - > run.toml
"$CUSTOM/bin/peerset" config --file run.toml > signed.out 2> signed.err || fail "signed config: exit $?"
expect signed-config signed.out "public_key = \"$KEY\""

# ---- 3. the custom distribution's node finds it through the plugin alone ----
# stopped with SIGTERM once its events file records the peer (about a second; 20 s is only CI's margin)
"$CUSTOM/bin/peerset" run --config run.toml --json --status-interval 1s --events events.jsonl > run.out 2> run.err &
NODE=$!
tries=0
until grep -qF "\"event\":\"PeerAdded\",\"peer\":\"$PEER\"" events.jsonl 2>/dev/null; do
  tries=$((tries + 1))
  [ "$tries" -le 200 ] || break
  kill -0 "$NODE" 2>/dev/null || break
  sleep 0.1
done
kill -TERM "$NODE" 2>/dev/null
wait "$NODE"
STATUS=$?
NODE=
kill "$LISTENER" 2>/dev/null
wait "$LISTENER" 2>/dev/null
LISTENER=
[ "$STATUS" -eq 0 ] || fail "run: exit $STATUS, expected 0 after SIGTERM"
expect run events.jsonl "\"event\":\"DialChosen\",\"address\":\"$PEER\",\"reason\":\"initial\",\"from\":\"seed-list\""
expect run events.jsonl "\"event\":\"PeerAdded\",\"peer\":\"$PEER\",\"inbound\":false"
expect run run.out '"handshakes":{"ok":1,'
expect run run.err "peerset run: stopped"
echo "smoke custom-dist run: the node dialled $PEER from the signed seed list and handshook"
