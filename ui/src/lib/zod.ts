// zod, configured for the app's CSP: without jitless, zod probes the Function constructor
// once to decide on its compiled fast path, and the strict policy (no
// 'unsafe-eval') reports that probe as a violation. Import z from here.
import { z } from "zod";

z.config({ jitless: true });

export { z };
