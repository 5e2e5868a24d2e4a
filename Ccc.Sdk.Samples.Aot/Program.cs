using Ccc.Sdk.Samples.Aot;

// A Native AOT program on Ccc.Sdk: signs and sends a few calls to the CCC OpenAPI (the cloud or the emulator) with
// the settings in environment variables (AotSample's doc), prints a short result, exits 0 (done) or 1 (failed).
return await AotSample.RunAsync(Environment.GetEnvironmentVariable, Console.Out, Console.Error);
