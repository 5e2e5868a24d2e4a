namespace Ccc.Sdk.Tests.Live;

/// <summary>The live scenarios' shape check catches what it must: an extra field, a wrong JSON type, at any depth.</summary>
public sealed class DescriptionShapeTests
{
    private const string Conforming = """
        {"RequestId":"r","Code":"OK","HttpStatusCode":200,"Message":"","Params":[],
         "Data":{"PageNumber":1,"PageSize":10,"TotalCount":1,
                 "List":[{"UserId":"a@x","RamId":1234567890123,"Primary":false,"SkillLevelList":[],"Mobile":null}]}}
        """;

    [Fact]
    public void A_body_with_the_described_fields_and_types_conforms()
    {
        Assert.Empty(DescriptionShape.Violations("ListUsers", Conforming));
    }

    [Fact]
    public void An_injected_extra_field_is_caught_with_its_path()
    {
        string body = Conforming.Replace("\"UserId\":\"a@x\"", "\"UserId\":\"a@x\",\"TalkTime\":3", StringComparison.Ordinal);

        Assert.Equal(["ListUsers.Data.List[*].TalkTime: not in the description"], DescriptionShape.Violations("ListUsers", body));
    }

    [Theory]
    [InlineData("\"TotalCount\":1", "\"TotalCount\":\"1\"", "ListUsers.Data.TotalCount: integer expected, got a string")]
    [InlineData("\"TotalCount\":1", "\"TotalCount\":4294967296", "ListUsers.Data.TotalCount: integer expected, got an integer beyond 32 bits")]
    [InlineData("\"UserId\":\"a@x\"", "\"UserId\":7", "ListUsers.Data.List[*].UserId: string expected, got an integer")]
    [InlineData("\"Primary\":false", "\"Primary\":\"false\"", "ListUsers.Data.List[*].Primary: boolean expected, got a string")]
    [InlineData("\"SkillLevelList\":[]", "\"SkillLevelList\":{}", "ListUsers.Data.List[*].SkillLevelList: array expected, got an object")]
    public void A_wrong_JSON_type_is_caught_without_echoing_the_value(string from, string to, string expected)
    {
        string body = Conforming.Replace(from, to, StringComparison.Ordinal);

        Assert.Equal([expected], DescriptionShape.Violations("ListUsers", body));
    }

    [Fact]
    public void An_action_outside_the_description_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => DescriptionShape.Violations("NoSuchAction", "{}"));
    }
}
