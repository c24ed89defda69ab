#!/usr/bin/env node
'use strict';
// The command is compiled TypeScript; say how to build it instead of printing a module-not-found trace.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'rulesCommand.js');
if (!existsSync(entry)) {
  process.stderr.write('conduit-rules is not built: run npm run build\n');
  process.exit(1);
}
// npx and npm exec start a workspace's command in the workspace's folder; the caller's folder is INIT_CWD, and
// relative paths on the command line mean that one.
if (process.env.npm_command === 'exec' && process.env.INIT_CWD) {
  process.chdir(process.env.INIT_CWD);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
