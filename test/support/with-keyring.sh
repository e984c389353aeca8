#!/bin/sh
# Runs a command with a real Secret Service (gnome-keyring) on a private D-Bus session, so the
# keychain tests talk to a real keychain daemon. Where gnome-keyring is not installed the command
# runs as it is, and the keychain tests say they were skipped and why.
set -e
if [ -z "$SHOTLINK_IN_KEYRING" ] && command -v dbus-run-session >/dev/null 2>&1 \
  && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  export SHOTLINK_IN_KEYRING=1
  exec dbus-run-session -- sh "$0" "$@"
fi
if [ -n "$SHOTLINK_IN_KEYRING" ]; then
  mkdir -p "$HOME/.cache" "$HOME/.local/share/keyrings"
  eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"
  eval "$(gnome-keyring-daemon --start --components=secrets)"
  export GNOME_KEYRING_CONTROL SHOTLINK_KEYRING_AVAILABLE=1
fi
exec npx "$@"
