using Microsoft.Extensions.Options;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>
/// An options validator over the options' own rules (each failure a message naming its property), for options that
/// need nothing but themselves to be checked (the dispatcher's and the reconciler's).
/// </summary>
internal sealed class RulesValidator<TOptions>(Func<TOptions, IEnumerable<string>> failures) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var found = failures(options).ToList();
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}
