// The demo scenario's text and ids, for tests.
import { readFileSync } from 'node:fs';
import { DEMO_SCENARIO_PATH } from '../../../sandbox/index.js';

export const demoYaml = readFileSync(DEMO_SCENARIO_PATH, 'utf8');
export const DEMO_USER = 'demo@example.com';
export const PROD = '111111111111';
export const DEV = '222222222222';
export const SHARED = '333333333333';
