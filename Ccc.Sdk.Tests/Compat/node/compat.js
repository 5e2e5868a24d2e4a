// Drives a CCC endpoint with Alibaba Cloud's generic OpenAPI client for Node.js (@alicloud/openapi-client),
// the client the cloud's generated SDKs are built on. Used by Ccc.Sdk.Tests/Compat/AlibabaNodeClientTests.cs.
//
// Input (environment): CCC_ENDPOINT host:port, CCC_ACCESS_KEY_ID, CCC_ACCESS_KEY_SECRET, CCC_SECURITY_TOKEN (optional),
// CCC_MODE "v3" (ACS3-HMAC-SHA256, the default) or "v2" (RPC HMAC-SHA1), CCC_CALLS a JSON array of
// {"action": "...", "query": {...}, "body": {...}} (body = form fields, sent as formData like the generated SDKs).
// Output (stdout): one JSON array with, per call, {"action", "ok", "statusCode", "body"} or {"action", "ok": false,
// "code", "statusCode", "message"}.
'use strict';
const { Util, createClient, actionParams, request } = require('./cccClient');

async function main() {
  const client = createClient();
  const calls = JSON.parse(process.env.CCC_CALLS || '[]');
  const results = [];
  for (const call of calls) {
    const params = actionParams(call.action);
    const req = request(call.query, call.body);
    try {
      const response = await client.callApi(params, req, new Util.RuntimeOptions({ autoretry: false }));
      results.push({ action: call.action, ok: true, statusCode: response.statusCode, body: response.body });
    } catch (e) {
      results.push({
        action: call.action,
        ok: false,
        code: e.code,
        statusCode: e.statusCode || (e.data && e.data.statusCode),
        message: e.message,
        data: e.data,
      });
    }
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(2);
});
