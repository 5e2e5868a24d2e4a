using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;

namespace Ccc.Sdk.Softphone;

// SoftphoneOptions.AutoRegister: register by itself when the SDK is initialised in the owner tab.
public partial class Softphone
{
    // How long the handler waits for StartAsync to finish when onInit arrives before create() has returned.
    private static readonly TimeSpan AutoRegisterStartWait = TimeSpan.FromSeconds(10);

    // Whether RegisterAsync was called since the SDK's last onInit (set by RegisterAsync, cleared by OnInit): an
    // Initialized handler that registered wins over AutoRegister even before the SDK's status shows it.
    private volatile bool _registerRequested;

    /// <summary>Whether <see cref="SoftphoneOptions.AutoRegister"/> registered the softphone, the last time the SDK was
    /// initialised in this tab.</summary>
    internal bool AutoRegistered { get; private set; }

    // Called once by the public constructor.
    private void AttachAutoRegister()
    {
        // The owner tab learns its role (OnRoleChanged) before the SDK is constructed and raises onInit; moving the handler
        // to the end of Initialized then lets every handler the application added before start run (and register) first.
        OwnershipChanged += MoveAutoRegisterLastAsync;
        Initialized += AutoRegisterAsync;
    }

    private Task MoveAutoRegisterLastAsync(bool owner)
    {
        if (owner)
        {
            Initialized -= AutoRegisterAsync;
            Initialized += AutoRegisterAsync;
        }

        return Task.CompletedTask;
    }

    private async Task AutoRegisterAsync()
    {
        AutoRegistered = false;
        if (!_options.AutoRegister || !IsOwner || !await WaitUntilStartedAsync().ConfigureAwait(false))
        {
            return;
        }

        if (_registerRequested)
        {
            _logger.LogDebug("AutoRegister skipped: an Initialized handler registered first.");
            return;
        }

        try
        {
            var status = await GetStatusCodeAsync().ConfigureAwait(false);
            if (status != SoftphoneStatus.Unregistered)
            {
                _logger.LogDebug("AutoRegister skipped: the SDK reports status {Status} (an Initialized handler registered first).", status);
                return;
            }

            await RegisterAsync(_options.AutoRegisterSkillGroups, string.IsNullOrWhiteSpace(_options.AutoRegisterAccessPoint) ? "default" : _options.AutoRegisterAccessPoint)
                .ConfigureAwait(false);
            AutoRegistered = true;
        }
        catch (Exception ex) when (ex is JSException or InvalidOperationException or ObjectDisposedException or TaskCanceledException)
        {
            _logger.LogError(ex, "AutoRegister failed; register the softphone with RegisterAsync.");
        }
    }

    private async Task<bool> WaitUntilStartedAsync()
    {
        var waited = TimeSpan.Zero;
        var step = TimeSpan.FromMilliseconds(25);
        while (!IsStarted)
        {
            if (_disposed || waited >= AutoRegisterStartWait)
            {
                return false;
            }

            await Task.Delay(step).ConfigureAwait(false);
            waited += step;
        }

        return true;
    }
}
