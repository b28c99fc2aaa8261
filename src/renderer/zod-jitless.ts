/**
 * Imported first by both entries (main.tsx, web-entry.ts), before any schema
 * exists: zod 4 compiles object parsers with `new Function` where it may,
 * and to find out it tries one as each object schema is built. Under the
 * page's CSP (no 'unsafe-eval') that try is refused and reported as a
 * violation; jitless, zod interprets and never tries.
 */
import { config } from 'zod';

config({ jitless: true });
