#!/usr/bin/env bash
# `npm run db:generate -- --name what_changed`: the migrations of both schemas from one command, SQLite
# (drizzle.config.ts: server/src/db/schema.sqlite.ts → migrations/) and PostgreSQL (drizzle.pg.config.ts:
# server/src/db/schema.pg.ts → migrations/postgres/). server/src/db/schema.ts only picks one of the two at run time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
drizzle-kit generate --config drizzle.config.ts "$@"
drizzle-kit generate --config drizzle.pg.config.ts "$@"
