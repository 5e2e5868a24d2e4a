namespace Ccc.Sdk.Emulator.Signing;

/// <summary>The AccessKeys the emulator accepts: the well-known dev key plus the configured ones.</summary>
internal sealed class CredentialStore
{
    private readonly Dictionary<string, CccEmulatorCredential> _byId = new(StringComparer.Ordinal);

    public CredentialStore(IEnumerable<CccEmulatorCredential> extra)
    {
        Add(new CccEmulatorCredential { AccessKeyId = CccEmulator.DevAccessKeyId, AccessKeySecret = CccEmulator.DevAccessKeySecret });
        foreach (var credential in extra)
        {
            Add(credential);
        }
    }

    public bool TryGet(string accessKeyId, out CccEmulatorCredential credential) => _byId.TryGetValue(accessKeyId, out credential!);

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
