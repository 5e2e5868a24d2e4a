using System.Collections.Concurrent;

namespace Ccc.Sdk.Emulator.Signing;

/// <summary>
/// The AccessKeys the emulator accepts: the well-known dev key plus the configured ones, and the temporary STS
/// credentials the OAuth2 server issues.
/// </summary>
internal sealed class CredentialStore
{
    private readonly ConcurrentDictionary<string, CccEmulatorCredential> _byId = new(StringComparer.Ordinal);

    public CredentialStore(IEnumerable<CccEmulatorCredential> extra)
    {
        Add(new CccEmulatorCredential { AccessKeyId = CccEmulator.DevAccessKeyId, AccessKeySecret = CccEmulator.DevAccessKeySecret });
        foreach (var credential in extra)
        {
            Add(credential);
        }
    }

    public bool TryGet(string accessKeyId, out CccEmulatorCredential credential) => _byId.TryGetValue(accessKeyId, out credential!);

    /// <summary>Adds an STS credential issued by the OAuth2 server (kept as is: its token object tracks revocation).</summary>
    public void AddIssued(CccEmulatorCredential credential) => _byId[credential.AccessKeyId] = credential;

    /// <summary>Forgets issued credentials that expired before <paramref name="before"/> (they would be refused anyway).</summary>
    public void PurgeIssued(DateTimeOffset before)
    {
        foreach (var (id, credential) in _byId)
        {
            if (credential.OAuthToken is not null && credential.Expiration < before)
            {
                _byId.TryRemove(id, out _);
            }
        }
    }

    private void Add(CccEmulatorCredential credential) =>
        // Copied so later changes to the options object cannot alter a running emulator.
        _byId[credential.AccessKeyId] = new CccEmulatorCredential
        {
            AccessKeyId = credential.AccessKeyId,
            AccessKeySecret = credential.AccessKeySecret,
            SecurityToken = credential.SecurityToken,
            Expiration = credential.Expiration,
            UserId = credential.UserId,
        };
}
