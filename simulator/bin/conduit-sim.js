#!/usr/bin/env node
'use strict';
// The command is compiled TypeScript; say how to build it instead of printing a module-not-found trace.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(entry)) {
  process.stderr.write('conduit-sim is not built: run npm run build\n');
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
