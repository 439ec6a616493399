#!/usr/bin/env bash
# The whole test suite as a new user gets it; CI runs this through the README's test command.
#
# 1. newest: a fresh virtual environment (.venv-test/newest) with the newest versions pyproject.toml allows,
#    so packages left on a machine cannot hide breakage; then ruff, mypy --strict and the whole pytest suite
#    (browser and notebook tests included), printing the 15 slowest tests.
# 2. lowest: a fresh virtual environment (.venv-test/lowest) with the lowest versions pyproject.toml declares
#    (tools/lowest-constraints.txt), then the quick loop: pytest -m "not browser and not notebook".
#
# Needs python3 (3.11+) and, for the browser tests, Debian's chromium at /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

fresh_env() {  # fresh_env DIR [pip options…]: a new virtual environment with policycmp[test] installed editable
  local dir=$1
  shift
  python3 -m venv --clear "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@" -e '.[test]'
}

newest=.venv-test/newest
lowest=.venv-test/lowest

echo "== newest versions: installing into $newest"
fresh_env "$newest"
"$newest/bin/python" -m pip list --disable-pip-version-check 2>/dev/null |
  grep -iE '^(pydantic|pandas|numpy|jinja2|pyyaml|networkx|click|pytest|hypothesis) ' | tr -s ' ' | paste -sd ',' -
(
  PATH="$PWD/$newest/bin:$PATH"
  python -m ruff check policycmp tests
  python -m mypy policycmp
  python -m pytest --durations=15
)

echo "== lowest declared versions: installing into $lowest"
fresh_env "$lowest" --constraint tools/lowest-constraints.txt
"$lowest/bin/python" -m pip list --disable-pip-version-check 2>/dev/null |
  grep -iE '^(pydantic|pandas|numpy|jinja2|pyyaml|networkx|click|pytest|hypothesis) ' | tr -s ' ' | paste -sd ',' -
(
  PATH="$PWD/$lowest/bin:$PATH"
  python -m pytest -q -m "not browser and not notebook" -p no:cacheprovider
)
