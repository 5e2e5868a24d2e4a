namespace Ccc.Sdk.Tests.Samples;

/// <summary>One sample CRM process shared by the tests of a class (starting it takes a few seconds).</summary>
public sealed class SampleCrmFixture : IAsyncLifetime
{
    private SampleProcess? _sample;

    internal SampleProcess Sample => _sample ?? throw new InvalidOperationException("The sample has not started.");

    public async Task InitializeAsync() => _sample = await SampleProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_sample is not null)
        {
            await _sample.DisposeAsync();
        }
    }
}
