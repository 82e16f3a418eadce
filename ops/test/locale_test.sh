# shellcheck shell=bash
# The launcher gives the server UTF-8 file names whatever the locale it is started in.

# Pins the bug where, started in the C locale (as cron and systemd without a locale start it), the server
# answered 503 forever to every host outside ASCII.
test_a_host_outside_ascii_is_stored_under_its_utf8_name_in_the_c_locale() {
  install_here
  LC_ALL=C LANG='' start_server
  post_record "ml1-ø" 7
  local utf8
  utf8=$(printf 'ml1-\303\270')
  await_stored "$utf8" 7
  local names
  names=$(LC_ALL=C find "$DIR/data/test/2024/05/01" -type f -printf '%f\n')
  [ "$names" = "$utf8.csv" ] || fail "stored as: $(printf '%s' "$names" | od -c | head -n 2)"
}
