#!/bin/sh
cd /work/main && exec npx tsx .tmp-cli/w.mts "$@"
