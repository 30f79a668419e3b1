#!/usr/bin/env bash
# Regenerates jseek-template's golden chat-template outputs with @huggingface/jinja.
# Usage: tools/oracle/templates/regen.sh [testdataDir]
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/@huggingface/jinja ] || npm install --no-audit --no-fund
node regen.mjs "$@"
