import { main } from './main.js';

// Entry for bin/: sets the exit code and lets pending output drain instead of exiting hard.
process.exitCode = await main();
