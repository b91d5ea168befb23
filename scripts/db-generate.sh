#!/usr/bin/env bash
# `npm run db:generate -- --name what_changed`: the migrations of both schemas from one command, SQLite
# (drizzle.config.ts → migrations/) and PostgreSQL (drizzle.pg.config.ts → migrations/postgres/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
drizzle-kit generate --config drizzle.config.ts "$@"
drizzle-kit generate --config drizzle.pg.config.ts "$@"
