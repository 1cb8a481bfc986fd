#!/bin/sh
# banken-beat.sh: one heartbeat to a banken board, for hosts without Node.js (minimal installs,
# rescue systems, initramfs). POSIX sh and stty; uses flock(1) and mktemp(1) where present.
#
# usage: banken-beat.sh [-p PORT] [-t SECONDS]
#   -p PORT     the board's device (default: $BANKEN_PORT, else /dev/banken)
#   -t SECONDS  how long to wait for the board's reply, whole seconds (default 3)
#
# It runs no health checks: put them in front of it, so a sick host sends nothing, e.g. in
# /etc/cron.d/banken:
#   * * * * * root ping -c1 -W2 192.0.2.1 >/dev/null && /usr/local/bin/banken-beat.sh
#
# Exit codes (the numbers of the banken agent, host-agent/src/exit-codes.ts):
#   0  the board acknowledged the heartbeat (OK BEAT)
#   1  internal error (no temporary file could be made)
#   2  usage error
#   4  no device at PORT (unplugged, wrong -p, udev rule missing)
#   5  PORT is busy: another program holds its lock (a banken agent) for more than 2 s, or refuses
#      to share it
#   6  permission denied on PORT (add the user to group dialout)
#   7  no OK/ERR reply in time (what else came is named: not a banken board?), a reply that is
#      not OK BEAT, or the port went away
#   8  the board answered ERR: it refused the heartbeat
#   9  PORT is not a serial port (a plain file, a directory, /dev/null)
#
# Silent on success; one line on stderr on failure, as cron wants.

usage() {
  printf 'usage: banken-beat.sh [-p PORT] [-t SECONDS]\n'
}

# The reply file is removed explicitly on every way out, not by an EXIT trap: bash may run an inherited
# EXIT trap in a subshell (the reader, the timer), which would remove the file before it is read.
reply_file=
cleanup() {
  [ -z "$reply_file" ] || rm -f "$reply_file"
}

fail() {
  cleanup
  code=$1
  shift
  printf 'banken-beat: %s\n' "$*" >&2
  exit "$code"
}

port=${BANKEN_PORT:-/dev/banken}
wait_s=3
while getopts 'p:t:h' opt; do
  case $opt in
    p) port=$OPTARG ;;
    t) wait_s=$OPTARG ;;
    h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || fail 2 "unexpected argument: $1"
case $wait_s in
  '' | *[!0-9]* | 0) fail 2 "-t wants a whole number of seconds above 0, not '$wait_s'" ;;
esac

[ -e "$port" ] || fail 4 "no device at $port: is the board plugged in? (-p PORT)"
{ [ -r "$port" ] && [ -w "$port" ]; } || fail 6 "permission denied on $port: add this user to group dialout"
# After the permission check, as the agent finds out: it opens the port, then its first tty ioctl fails.
[ -c "$port" ] || fail 9 "$port is not a serial port (a character device such as /dev/ttyUSB0)"

# Everything that touches the port runs in a background child. Why: cron starts each job as a session
# leader, and a session leader that opens a tty without O_NOCTTY (which sh cannot ask for) makes it its
# controlling terminal; when that process exits, Linux hangs the tty up (tty_vhangup_session), which
# would also cut off a banken agent that has the port open. A child is never a session leader.
beat_once() {
  # The line settings: 115200 8N1, raw bytes, no echo, no flow control.
  #  clocal: ignore the carrier line. Boards do not drive DCD; without clocal, opening the port can
  #    block forever waiting for a carrier that never comes.
  #  -hupcl: do not drop DTR and RTS when the last process closes the port. On ESP32/ESP8266 boards
  #    DTR and RTS drive EN (reset) and GPIO0 through the auto-reset transistors; the kernel raises
  #    both together on open (both asserted = run), and with HUPCL it would lower them again on close.
  #    Leaving them asserted means a cron run every minute makes no modem-line transition at all after
  #    the first open, so it cannot restart the board. The Espruino Pico (native USB) ignores both.
  #    The banken agent sets the same levels explicitly (host-agent/src/serial/modem-lines.ts); a shell
  #    cannot set DTR/RTS, so this relies on the kernel's "both raised on open".
  settings='raw -echo 115200 cs8 -cstopb -parenb -crtscts clocal -hupcl'

  # GNU and busybox stty -F open the port without blocking, so clocal is in force before our own open.
  # shellcheck disable=SC2086 # $settings is a list of words on purpose
  stty -F "$port" $settings 2>/dev/null
  stty_done=$?

  # `command` keeps a failed redirection from ending the shell, so we can say why.
  { command exec 3<>"$port"; } 2>/dev/null || fail 5 "cannot open $port: busy, or gone"

  # The agent takes flock(2) on the port (serialport's lock); taking it too keeps us from interleaving.
  if command -v flock >/dev/null 2>&1; then
    flock -w 2 3 || fail 5 "$port is in use by another program (a banken agent?); gave up after 2 s"
  fi

  if [ "$stty_done" -ne 0 ]; then
    # POSIX stty works on its standard input.
    # shellcheck disable=SC2086
    stty $settings <&3 2>/dev/null || fail 9 "$port is not a serial port: stty cannot configure it"
  fi

  reply_file=$(mktemp "${TMPDIR:-/tmp}/banken-beat.XXXXXX") || fail 1 "cannot create a temporary file"
  trap 'cleanup; exit 1' INT TERM

  seq=$(date +%s)
  boot=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)
  request="BEAT seq=$seq"
  [ -n "$boot" ] && request="$request boot=$boot"
  cr=$(printf '\r')

  # The reader: the first OK or ERR line, skipping the board's own "!" lines and a stale OK BEAT left
  # in the buffer by an earlier run (its seq differs). Other text (a board's boot messages, the REPL's
  # "-> LoopbackA" as the firmware takes the console) is kept as "? " lines for the error message,
  # and the answer comes last. Exit 3 = the port closed (unplugged).
  (
    while IFS= read -r line; do
      line=${line%"$cr"}
      case $line in
        '' | '!'*) continue ;;
        'OK BEAT '*' seq='*)
          case " $line " in
            *" seq=$seq "*) ;;
            *) continue ;;
          esac ;;
        'OK' | 'OK '* | 'ERR '*) ;;
        *)
          printf '? %s\n' "$line"
          continue ;;
      esac
      printf '%s\n' "$line"
      exit 0
    done
    exit 3
  ) <&3 3>&- >"$reply_file" &
  reader=$!

  # The deadline: sh's read has no timeout, so a timer kills the reader. The timer does not keep the
  # port open (3>&-), and a TERM at any moment (even while the sleep is being started) also stops its
  # sleep, so nothing outlives the script.
  (
    stop=
    sleeper=
    trap 'stop=1; [ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null' TERM
    sleep "$wait_s" &
    sleeper=$!
    [ -z "$stop" ] || kill "$sleeper" 2>/dev/null
    wait "$sleeper"
    wait "$sleeper" 2>/dev/null # reap it when TERM cut the first wait short
    [ -n "$stop" ] || kill "$reader" 2>/dev/null
  ) 3>&- >/dev/null 2>&1 &
  timer=$!

  if ! printf '%s\n' "$request" >&3 2>/dev/null; then
    kill "$reader" "$timer" 2>/dev/null
    fail 7 "$port went away while writing"
  fi
  wait "$reader" 2>/dev/null # no "Terminated" notice when the timer killed it
  reader_status=$?
  kill "$timer" 2>/dev/null
  wait "$timer" 2>/dev/null
  exec 3>&-

  # The first line of text that was not an answer, printable (no escape sequences into cron mail).
  other=$(sed -n '1s/^? //p' "$reply_file" | tr -d '\000-\037\177')
  case $reader_status in
    0) ;;
    3) fail 7 "$port closed before the board answered (unplugged?)" ;;
    *)
      [ -z "$other" ] || fail 7 "no banken reply from $port within $wait_s s; it sent: $other (not a banken board?)"
      fail 7 "no answer from $port within $wait_s s (is it a banken board? banken ports)" ;;
  esac

  reply=$(tail -n 1 "$reply_file")
  cleanup
  case $reply in
    'OK BEAT' | 'OK BEAT '*) exit 0 ;;
    'ERR '*) fail 8 "the board refused the heartbeat: $reply" ;;
    *) fail 7 "unexpected reply from $port: $reply (not a banken board?)" ;;
  esac
}

beat_once &
worker=$!
trap 'kill "$worker" 2>/dev/null' HUP INT TERM
wait "$worker"
