using Ccc.Sdk.Samples.Crm.Customers;

namespace Ccc.Sdk.Tests.Samples.Data;

/// <summary>The CRM's number normalisation (how a caller in any notation finds their customer) and masking.</summary>
public sealed class PhoneNumbersTests
{
    [Theory]
    // The three notations of one mobile.
    [InlineData("+86 138-0000-0001", "13800000001")]
    [InlineData("8613800000001", "13800000001")]
    [InlineData("13800000001", "13800000001")]
    // The international prefix written 00, spaces, dashes, dots, brackets.
    [InlineData("0086 138 0000 0001", "13800000001")]
    [InlineData("008613800000001", "13800000001")]
    [InlineData("(138) 0000-0001", "13800000001")]
    [InlineData("138.0000.0001", "13800000001")]
    [InlineData("  +86 (138) 0000 0001  ", "13800000001")]
    // Landlines: with +86 the trunk 0 is dropped and put back; written (0) after +86; written nationally.
    [InlineData("+86 21 6123 4567", "02161234567")]
    [InlineData("+86 (0)21 6123 4567", "02161234567")]
    [InlineData("+86-571-8765-4321", "057187654321")]
    [InlineData("+86 10 6234 5678", "01062345678")]
    [InlineData("0086 21 6123 4567", "02161234567")]
    [InlineData("(021) 6123-4567", "02161234567")]
    [InlineData("021 6123 4567", "02161234567")]
    // A service number after +86 keeps its form; an extension stays as it is.
    [InlineData("+86 400 123 4567", "4001234567")]
    [InlineData("8001", "8001")]
    public void Normalize_writes_every_notation_of_a_number_the_same_way(string raw, string expected) =>
        Assert.Equal(expected, PhoneNumbers.Normalize(raw));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("138-ABCD-0001")]      // a letter
    [InlineData("13800000001x")]
    [InlineData("tel:13800000001")]
    [InlineData("138+00000001")]       // a plus that is not in front
    [InlineData("+-()")]               // no digit at all
    [InlineData("123456789012345678901")] // 21 digits: longer than any number
    [InlineData("+86 1380000000100000000000")]
    public void Normalize_refuses_what_is_not_a_number(string? raw) => Assert.Null(PhoneNumbers.Normalize(raw));

    [Fact]
    public void Same_compares_numbers_in_any_notation()
    {
        Assert.True(PhoneNumbers.Same("+86 138-0000-0001", "8613800000001"));
        Assert.True(PhoneNumbers.Same("+86 21 6123 4567", "021-6123-4567"));
        Assert.False(PhoneNumbers.Same("13800000001", "13800000002"));
        Assert.False(PhoneNumbers.Same("abc", "abc")); // neither is a number
    }

    [Theory]
    [InlineData("13800000001", "138****0001")]
    [InlineData("+86 138-0000-0001", "138****0001")]
    [InlineData("02161234567", "021****4567")]
    [InlineData("057187654321", "057****4321")]
    [InlineData("8001", "8001")]       // an extension is shown as it is
    [InlineData("1234567", "1234567")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Mask_shows_the_first_three_and_last_four_digits(string? number, string expected) =>
        Assert.Equal(expected, PhoneNumbers.Mask(number));
}
