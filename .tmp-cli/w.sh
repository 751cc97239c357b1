#!/bin/sh
cd /work/main && exec node --import tsx --import ./.tmp-cli/reg.mjs .tmp-cli/w.mts "$@"
