// The CLI as a process, from the sources (bin/warden.js runs the same main() from dist/).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
