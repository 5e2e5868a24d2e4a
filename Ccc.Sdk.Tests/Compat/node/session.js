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
const OpenApi = require('@alicloud/openapi-client');
const Util = require('@alicloud/tea-util');

const mode = process.env.CCC_MODE || 'v3';
const config = new OpenApi.Config({
  accessKeyId: process.env.CCC_ACCESS_KEY_ID,
  accessKeySecret: process.env.CCC_ACCESS_KEY_SECRET,
  securityToken: process.env.CCC_SECURITY_TOKEN || undefined,
  endpoint: process.env.CCC_ENDPOINT,
  protocol: 'HTTP',
  regionId: 'cn-shanghai',
});
if (mode === 'v2') {
  config.signatureAlgorithm = 'v2';
}
const client = new OpenApi.default(config);

async function send(call) {
  // Exactly the Params the generated CCC SDK (ccc-20200701) uses for every action.
  const params = new OpenApi.Params({
    action: call.action,
    version: '2020-07-01',
    protocol: 'HTTP',
    pathname: '/',
    method: call.method || 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const request = new OpenApi.OpenApiRequest({
    query: call.query || {},
    body: call.body && Object.keys(call.body).length > 0 ? call.body : undefined,
  });
  try {
    const response = await client.callApi(params, request, new Util.RuntimeOptions({ autoretry: false }));
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
