#!/bin/sh
echo "Prisma native schema engine is unavailable offline; use npm run db:diff / db:migrate (wasm engine)." >&2
exit 1
