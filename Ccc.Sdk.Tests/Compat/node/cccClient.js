// The one way the Node.js scripts here (compat.js, session.js, load.js) build Alibaba Cloud's generic OpenAPI client
// (@alicloud/openapi-client) and the Params of a CCC action, exactly as the generated CCC SDK (ccc-20200701) does.
//
// Configuration (environment): CCC_ENDPOINT host:port, CCC_ACCESS_KEY_ID, CCC_ACCESS_KEY_SECRET, CCC_SECURITY_TOKEN
// (optional), CCC_MODE "v3" (ACS3-HMAC-SHA256, the default) or "v2" (RPC HMAC-SHA1).
'use strict';
const OpenApi = require('@alicloud/openapi-client');
const Util = require('@alicloud/tea-util');

function createClient() {
  const config = new OpenApi.Config({
    accessKeyId: process.env.CCC_ACCESS_KEY_ID,
    accessKeySecret: process.env.CCC_ACCESS_KEY_SECRET,
    securityToken: process.env.CCC_SECURITY_TOKEN || undefined,
    endpoint: process.env.CCC_ENDPOINT,
    protocol: 'HTTP',
    regionId: 'cn-shanghai',
  });
  if ((process.env.CCC_MODE || 'v3') === 'v2') {
    config.signatureAlgorithm = 'v2';
  }
  return new OpenApi.default(config);
}

function actionParams(action, method) {
  return new OpenApi.Params({
    action,
    version: '2020-07-01',
    protocol: 'HTTP',
    pathname: '/',
    method: method || 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
}

function request(query, body) {
  return new OpenApi.OpenApiRequest({
    query: query || {},
    body: body && Object.keys(body).length > 0 ? body : undefined,
  });
}

module.exports = { OpenApi, Util, createClient, actionParams, request };
