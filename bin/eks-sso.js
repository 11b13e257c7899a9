#!/usr/bin/env node
// The installed `eks-sso` command: the built CLI bundle does the work.
import '../dist/cli/eks-sso.js';
