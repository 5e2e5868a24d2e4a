namespace Ccc.Sdk;

/// <summary>Constants of the CCC OpenAPI.</summary>
public static class CccApi
{
    /// <summary>The API version this SDK speaks: <c>2020-07-01</c>.</summary>
    public const string Version = "2020-07-01";

    /// <summary>The product code used by the workbench proxy and endpoint tables: <c>CloudCallCenter</c>.</summary>
    public const string Product = "CloudCallCenter";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string DiagnosticsName = "Ccc.Sdk";
}
