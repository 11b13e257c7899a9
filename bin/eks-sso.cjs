#!/usr/bin/env node
// The installed `eks-sso` command. `eks-sso status` runs from one CommonJS file
// (dist/cli/light/status.cjs): loaded as the dozen ES modules of the main build it spends about
// a third of its start-up in the module loader. Every other command is the main build.
'use strict';
const path = require('node:path');

if (process.argv[2] === 'status') require(path.join(__dirname, '..', 'dist', 'cli', 'light', 'status.cjs'));
else import('../dist/cli/eks-sso.js');
