# shellcheck shell=bash
# Sourced by ops/test. trx_summary DIR prints "N passed, M failed[, K skipped]" summed over
# every .trx file under DIR: one file per test project, whatever the console output looks like.
#
# In a file's <Counters>, "failed" leaves out error, timeout and aborted, which are failures
# too; a skipped test counts in total but not in executed (its notExecuted stays 0).

trx_summary() {
  local dir=$1 passed=0 failed=0 skipped=0 file counters
  _trx_attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  while IFS= read -r -d '' file; do
    counters=$(grep -o '<Counters [^>]*>' "$file" || true)
    [[ -n $counters ]] || continue
    passed=$((passed + $(_trx_attr passed)))
    failed=$((failed + $(_trx_attr failed) + $(_trx_attr error) + $(_trx_attr timeout) + $(_trx_attr aborted)))
    skipped=$((skipped + $(_trx_attr total) - $(_trx_attr executed)))
  done < <(find "$dir" -name '*.trx' -print0 2>/dev/null)
  if ((skipped > 0)); then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
}
