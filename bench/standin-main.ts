/** Runs the OpenAI stand-in in its own process for benchmarks and load runs; prints `STANDIN <baseURL> <apiKey>`. */
import { startOpenAIStandIn, type StandInOptions } from '../test/standin';

const options = JSON.parse(process.argv[2] ?? '{}') as StandInOptions;
const standIn = await startOpenAIStandIn(options);
process.stdout.write(`STANDIN ${standIn.baseURL} ${standIn.apiKey}\n`);
process.on('SIGTERM', () => void standIn.close().then(() => process.exit(0)));
