// Load side of the client throughput run (Ccc.Sdk.Benchmarks `client-throughput`, docs/benchmarks.md): Alibaba Cloud's
// generic OpenAPI client for Node.js (@alicloud/openapi-client) calling one action with N concurrent promises, each
// sending its next call as soon as the previous one answered, exactly as the generated CCC SDK would call it.
//
// Input (environment): CCC_ENDPOINT host:port, CCC_ACCESS_KEY_ID, CCC_ACCESS_KEY_SECRET, CCC_INSTANCE_ID,
// CCC_ACTION (default ListUsers), CCC_CONCURRENCY (default 16), CCC_WARMUP_SECONDS (default 1), CCC_SECONDS (default 10).
// Output (stdout): {"calls", "failures", "seconds", "firstError"} for the measured window only.
'use strict';
const { OpenApi, Util, createClient, actionParams } = require('./cccClient');

async function main() {
  const client = createClient();
  const action = process.env.CCC_ACTION || 'ListUsers';
  const concurrency = Number(process.env.CCC_CONCURRENCY || 16);
  const warmUpMs = Number(process.env.CCC_WARMUP_SECONDS || 1) * 1000;
  const measureMs = Number(process.env.CCC_SECONDS || 10) * 1000;
  const params = actionParams(action);
  const runtime = new Util.RuntimeOptions({ autoretry: false, keepAlive: true });

  let measuring = false;
  let stop = false;
  let calls = 0;
  let failures = 0;
  let firstError = null;

  async function worker() {
    while (!stop) {
      const request = new OpenApi.OpenApiRequest({
        query: { InstanceId: process.env.CCC_INSTANCE_ID, PageNumber: '1', PageSize: '10' },
      });
      try {
        const response = await client.callApi(params, request, runtime);
        const ok = response.statusCode === 200 && response.body && response.body.Code === 'OK';
        if (measuring && !stop) {
          if (ok) {
            calls++;
          } else {
            failures++;
            firstError = firstError || JSON.stringify(response.body).slice(0, 300);
          }
        }
      } catch (e) {
        if (measuring && !stop) {
          failures++;
          firstError = firstError || String(e && e.message ? e.message : e).slice(0, 300);
        }
      }
    }
  }

  const workers = Array.from({ length: concurrency }, () => worker());
  await new Promise((resolve) => setTimeout(resolve, warmUpMs));
  measuring = true;
  const started = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, measureMs));
  stop = true;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const counted = { calls, failures, seconds, firstError };
  await Promise.all(workers);
  process.stdout.write(JSON.stringify(counted));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(2);
});
