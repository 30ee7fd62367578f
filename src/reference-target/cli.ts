// npm run reference-target -- [--port N] [--polls N] [--page-cap N] [--fail-jobs] [--services N]
import { parseArgs } from 'node:util';
import { startReferenceTarget } from './server';
import { seedServices } from './data';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '4599' }, polls: { type: 'string' }, 'page-cap': { type: 'string' }, 'fail-jobs': { type: 'boolean' }, services: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log('reference-target [--port N (default 4599, 0 for any)] [--polls N] [--page-cap N] [--fail-jobs] [--services N (default 130)]');
    return;
  }
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const target = await startReferenceTarget({ port: num(values.port), pollsBeforeComplete: num(values.polls), pageCap: num(values['page-cap']), failJobs: values['fail-jobs'], services: values.services ? seedServices(Number(values.services)) : undefined });
  console.log(`reference target listening on ${target.url}`);
  const stop = () => target.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`reference-target: ${e.message}`);
  process.exit(2);
});
