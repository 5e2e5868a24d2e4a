namespace Ccc.Sdk.Signing;

/// <summary>
/// The request style and HMAC algorithm <c>CccClient</c> uses. A credential that carries an OAuth2
/// bearer token (<see cref="Auth.BearerTokenCredential"/>) sends the token instead of an HMAC, in the same style.
/// </summary>
public enum SignatureAlgorithm
{
    /// <summary>
    /// V3 <c>ACS3-HMAC-SHA256</c> in the <c>Authorization</c> header (the default, as in the official SDKs).
    /// Bearer mode: headers <c>x-acs-bearer-token</c> and <c>x-acs-signature-type: BEARERTOKEN</c>.
    /// </summary>
    Acs3HmacSha256 = 0,

    /// <summary>
    /// V2 RPC <c>HMAC-SHA1</c>: common parameters and <c>Signature</c> in the query.
    /// Bearer mode: query <c>BearerToken</c> and <c>SignatureType=BEARERTOKEN</c>.
    /// </summary>
    RpcHmacSha1 = 1,
}
