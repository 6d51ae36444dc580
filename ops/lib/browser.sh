# shellcheck shell=bash
# Sourced by ops/test. ensure_browser_tests installs what the dashboard's browser tests need, when it is missing:
# Debian's chromium (Playwright's own browser downloads cannot be fetched here) with a Chinese font, and the npm
# packages of the test's local OpenID provider, from its committed lockfile.

ensure_browser_tests() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
  command -v npm >/dev/null || missing+=(nodejs npm)
  if ((${#missing[@]})); then
    echo "ops/test: installing ${missing[*]} for the dashboard's browser tests" >&2
    local sudo=(); ((EUID == 0)) || sudo=(sudo)
    "${sudo[@]}" apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  fi
  local issuer=tests/Training.Dashboard.Tests/oidc
  if [[ ! -d $issuer/node_modules || $issuer/package-lock.json -nt $issuer/node_modules ]]; then
    (cd "$issuer" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}
