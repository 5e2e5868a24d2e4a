using System.Text;

namespace Ccc.Sdk.Samples.Crm.Customers;

/// <summary>
/// Phone numbers as the CRM stores and compares them: digits only, mainland China numbers without the country code, a
/// landline with its trunk <c>0</c> and area code. So <c>+86 138-0000-0001</c>, <c>008613800000001</c>,
/// <c>8613800000001</c> and <c>13800000001</c> are all <c>13800000001</c>, and <c>+86 21 6123 4567</c> is
/// <c>02161234567</c> — the form the call center reports numbers in.
/// </summary>
public static class PhoneNumbers
{
    /// <summary>Longest number kept, in digits (ITU-T E.164 allows 15; a few more for a trunk prefix).</summary>
    public const int MaxDigits = 20;

    /// <summary>The normalised form of a number as a person or the call center wrote it.</summary>
    /// <param name="raw">The number in any usual notation (spaces, dashes, dots, brackets, <c>+86</c>, <c>0086</c>).</param>
    /// <returns>The digits in the CRM's form, or <see langword="null"/> when there are none, too many, or a letter.</returns>
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var digits = new StringBuilder(raw.Length);
        bool international = false;
        foreach (char c in raw.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && digits.Length == 0 && !international)
            {
                international = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '/' or '\u00a0'))
            {
                return null;
            }
        }

        string n = digits.ToString();
        if (n.Length == 0 || n.Length > MaxDigits)
        {
            return null;
        }

        if (n.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            n = n[2..];
        }

        // The country code: after + or 00, or a mobile written 86 + 11 digits.
        if (n.StartsWith("86", StringComparison.Ordinal) && (international || (n.Length == 13 && n[2] == '1')))
        {
            n = n[2..];
            // A landline after +86 drops its trunk 0 (+86 21 6123 4567, +86 571 8765 4321, +86 10 6234 5678); put it
            // back, as the call center writes it. Not a mobile (11 digits from 1) nor a 400/800 service number.
            if (n.Length is >= 9 and <= 11 && n[0] != '0' && !(n.Length == 11 && n[0] == '1')
                && !n.StartsWith("400", StringComparison.Ordinal) && !n.StartsWith("800", StringComparison.Ordinal))
            {
                n = "0" + n;
            }
        }

        return n.Length == 0 ? null : n;
    }

    /// <summary>Whether two numbers are the same once normalised.</summary>
    /// <param name="a">A number.</param>
    /// <param name="b">Another.</param>
    /// <returns><see langword="true"/> when both normalise to the same digits.</returns>
    public static bool Same(string? a, string? b) => Normalize(a) is { } x && x == Normalize(b);

    /// <summary>
    /// The number as an agent sees it with masking on: the first three and last four digits, <c>****</c> between
    /// (<c>13800000001</c> → <c>138****0001</c>). Numbers of seven digits or fewer (extensions) are shown as they are.
    /// </summary>
    /// <param name="number">A number (normalised or not).</param>
    /// <returns>The masked form; empty for <see langword="null"/>.</returns>
    public static string Mask(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return "";
        }

        string n = Normalize(number) ?? number;
        return n.Length <= 7 ? n : string.Concat(n.AsSpan(0, 3), "****", n.AsSpan(n.Length - 4));
    }
}
