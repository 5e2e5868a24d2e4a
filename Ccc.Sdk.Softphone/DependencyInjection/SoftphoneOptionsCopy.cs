using System.Reflection;

namespace Ccc.Sdk.Softphone;

/// <summary>Copies <see cref="SoftphoneOptions"/>: every settable property, the dictionaries and lists into new ones, so a
/// copy can be changed for one user without touching the application-wide options.</summary>
internal static class SoftphoneOptionsCopy
{
    private static readonly PropertyInfo[] Settable = typeof(SoftphoneOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
        .ToArray();

    public static SoftphoneOptions Of(SoftphoneOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var copy = new SoftphoneOptions();
        foreach (var property in Settable)
        {
            property.SetValue(copy, property.GetValue(source));
        }

        if (source.AjaxHeaders is { } headers)
        {
            // HTTP header names are case-insensitive: a later spelling of the same name wins.
            copy.AjaxHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in headers)
            {
                copy.AjaxHeaders[name] = value;
            }
        }

        copy.AjaxOtherParams = source.AjaxOtherParams is { } other ? new Dictionary<string, string>(other, StringComparer.Ordinal) : null;
        foreach (var group in source.AutoRegisterSkillGroups)
        {
            copy.AutoRegisterSkillGroups.Add(group);
        }

        return copy;
    }
}
