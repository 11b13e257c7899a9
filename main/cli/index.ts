// The `eks-sso` command line. Each command lives in its own module and is loaded only when
// invoked, so `eks-sso token` (run by kubectl on every call) does not pay for the others.
import { runMain } from './main.js';

await runMain();
