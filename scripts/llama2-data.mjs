// Run by `npm run build` after tsc: writes Llama-2's tokenizer.json beside the compiled
// tokens modules (dist/tokens/), so that runs read it instead of rebuilding it from
// llama-tokenizer-js's data each time. See src/tokens/llama2-file.ts.
import { writeLlama2Data } from '../dist/tokens/llama2-file.js';

await writeLlama2Data();
