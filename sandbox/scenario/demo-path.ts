// Where the demo scenario lives. From source it is ../scenarios/demo.yaml; bundled, the build
// copies it to dist/cli/scenarios/ beside the CLI, the first scenarios/ folder met walking up
// from the bundle's chunks (so it is found in the packaged app too, far from any repository).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findDemoScenario(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    for (const candidate of [path.join(folder, 'scenarios', 'demo.yaml'), path.join(folder, 'sandbox', 'scenarios', 'demo.yaml')]) {
      if (existsSync(candidate)) return candidate;
    }
    folder = path.dirname(folder);
  }
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'scenarios', 'demo.yaml');
}

/** Absolute path of sandbox/scenarios/demo.yaml. */
export const DEMO_SCENARIO_PATH = findDemoScenario();
