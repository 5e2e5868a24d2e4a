using Ccc.Sdk.Emulator.Description;
using Ccc.Sdk.TestSupport;

namespace Ccc.Sdk.Tests.Emulator.Conformance;

/// <summary>The description the emulator embeds is the repository's <c>api/</c> file, whole.</summary>
public sealed class ApiDescriptionTests
{
    [Fact]
    public void Embedded_description_is_the_repository_file_and_has_every_action()
    {
        var file = File.ReadAllBytes(Path.Combine(Repository.Root, "api", "ccc-api-2020-07-01.json"));
        using var stream = typeof(ApiDescription).Assembly.GetManifestResourceStream(ApiDescription.ResourceName)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(file, copy.ToArray());

        var description = ApiDescription.Default;
        Assert.Equal("CCC", description.Product);
        Assert.Equal("2020-07-01", description.Version);
        Assert.Equal(253, description.Actions.Count);
        Assert.Equal(11, description.Actions.Values.Count(a => a.Method == "GET"));
        Assert.Equal(7, description.Actions.Values.Count(a => a.HttpStatusCodeIsString));
        Assert.Equal(13, description.Actions.Values.Sum(a => a.Parameters.Count(p => p.IsJson)));
    }

    [Fact]
    public void Parameters_keep_location_type_and_required_flag()
    {
        var changeWorkMode = ApiDescription.Default.Actions["ChangeWorkMode"];
        var workMode = Assert.Single(changeWorkMode.Parameters, p => p.Name == "WorkMode");
        Assert.True(workMode.IsRequired);
        Assert.Equal(ParameterLocation.Query, workMode.Location);
        Assert.Equal(SchemaType.String, workMode.Schema.Type);

        var appendCases = ApiDescription.Default.Actions["AppendCases"];
        var body = Assert.Single(appendCases.Parameters, p => p.Name == "body");
        Assert.Equal(ParameterLocation.Body, body.Location);
        Assert.True(body.IsJson);
        Assert.Equal(SchemaType.Array, body.Schema.Type);
        Assert.Equal(SchemaType.Object, body.Schema.Items!.Type);
    }

    [Fact]
    public void A_description_of_another_shape_is_refused_with_a_clear_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => ApiDescription.Parse("{\"product\":\"CCC\"}"u8));
        Assert.Contains("expected shape", e.Message, StringComparison.Ordinal);
    }
}
