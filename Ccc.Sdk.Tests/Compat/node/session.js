// A long-lived session of Alibaba Cloud's generic OpenAPI client for Node.js (@alicloud/openapi-client) against a CCC
// endpoint: one call per input line, one result per output line, so a test can chain calls whose parameters depend on
// earlier answers (a JobId, a ChannelId). Used by Ccc.Sdk.Tests/Compat/NodeCompatSession.cs.
//
// Configuration (environment) as compat.js: CCC_ENDPOINT host:port, CCC_ACCESS_KEY_ID, CCC_ACCESS_KEY_SECRET,
// CCC_SECURITY_TOKEN (optional), CCC_MODE "v3" (default) or "v2".
// Input (stdin): JSON lines {"action": "...", "query": {...}, "body": {...}}.
// Output (stdout): JSON lines {"action", "ok": true, "statusCode", "body"} or {"action", "ok": false, "code",
// "statusCode", "message"}.
'use strict';
const readline = require('readline');
const { Util, createClient, actionParams, request } = require('./cccClient');

const client = createClient();

async function send(call) {
  const params = actionParams(call.action, call.method);
  const req = request(call.query, call.body);
  try {
    const response = await client.callApi(params, req, new Util.RuntimeOptions({ autoretry: false }));
    return { action: call.action, ok: true, statusCode: response.statusCode, body: response.body };
  } catch (e) {
    return {
      action: call.action,
      ok: false,
      code: e.code,
      statusCode: e.statusCode || (e.data && e.data.statusCode),
      message: e.message,
    };
  }
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
let queue = Promise.resolve();
lines.on('line', (line) => {
  if (line.trim() === '') {
    return;
  }
  queue = queue.then(async () => {
    const result = await send(JSON.parse(line));
    process.stdout.write(JSON.stringify(result) + '\n');
  });
});
lines.on('close', () => {
  queue.then(() => process.exit(0));
});
