using System.Text.Json;
using EdgeFunctions.Tests.Fixtures;

namespace EdgeFunctions.Tests.Inference;

[Collection(GatewayCollection.Name)]
public sealed class ClassificationEndpointTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Classify_ZeroShotLabels_PicksTheTopicalLabel()
    {
        var json = await Classify("""{"model":"all-MiniLM-L6-v2","input":["The team won the championship game last night","The central bank raised interest rates again","Simmer the garlic in olive oil before adding tomatoes"],"labels":["sports","finance","cooking"]}""");

        Assert.Equal(["sports", "finance", "cooking"], json.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("label").GetString()));
    }

    [Fact]
    public async Task Classify_ZeroShotLabelDescriptions_AreWhatTheInputIsComparedWith()
    {
        // Opaque labels carry no meaning of their own; only their descriptions can decide.
        const string Input = "The striker scored twice in the cup final.";
        var sportsIsB = await (await fixture.Client.PostJsonAsync("/v1/classify", $$$"""{"model":"all-MiniLM-L6-v2","input":"{{{Input}}}","labels":["A","B"],"label_descriptions":{"A":"Recipes, cooking and food.","B":"Football matches and goals."}}""")).ExpectOkAsync();
        var swapped = await fixture.Client.PostJsonAsync("/v1/classify", $$$"""{"model":"all-MiniLM-L6-v2","input":"{{{Input}}}","labels":["A","B"],"label_descriptions":{"A":"Football matches and goals.","B":"Recipes, cooking and food."}}""");

        Assert.Equal("B", sportsIsB.GetProperty("data")[0].GetProperty("label").GetString());
        // The descriptions are part of the cache key: the swapped request is computed, not served the first answer.
        Assert.Equal("miss", swapped.Headers.GetValues("x-edge-cache").Single());
        Assert.Equal("A", (await swapped.ExpectOkAsync()).GetProperty("data")[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task Classify_Response_HasContractShapeWithProbabilitiesSummingToOne()
    {
        var json = await Classify("""{"model":"sentiment","input":"I love it"}""");

        Assert.Equal("list", json.GetProperty("object").GetString());
        Assert.Equal("sentiment", json.GetProperty("model").GetString());
        var item = json.GetProperty("data")[0];
        Assert.Equal(0, item.GetProperty("index").GetInt32());
        var labels = item.GetProperty("labels").EnumerateArray().ToArray();
        Assert.Equal(3, labels.Length);
        Assert.Equal(item.GetProperty("label").GetString(), labels[0].GetProperty("label").GetString());
        Assert.Equal(item.GetProperty("score").GetSingle(), labels[0].GetProperty("score").GetSingle());
        Assert.InRange(labels.Sum(l => l.GetProperty("score").GetDouble()), 0.999, 1.001);
        Assert.True(labels.Select(l => l.GetProperty("score").GetSingle()).SequenceEqual(labels.Select(l => l.GetProperty("score").GetSingle()).OrderDescending()));
        Assert.True(json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Classify_Sentiment_ObviousCases()
    {
        var json = await Classify("""{"model":"sentiment","input":["Absolutely love this, best purchase all year!","This is the worst service I have ever had.","The invoice is attached for your records."]}""");

        Assert.Equal(["positive", "negative", "neutral"], json.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("label").GetString()));
    }

    [Fact]
    public async Task Models_ListsInstalledModelsWithTaskAndRevision()
    {
        var json = await (await fixture.Client.GetAsync("/v1/models")).ExpectOkAsync();

        var models = json.GetProperty("data").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Equal("embedding", models["all-MiniLM-L6-v2"].GetProperty("task").GetString());
        Assert.Equal(384, models["all-MiniLM-L6-v2"].GetProperty("dimensions").GetInt32());
        Assert.Equal(256, models["all-MiniLM-L6-v2"].GetProperty("max_tokens").GetInt32());
        Assert.Equal("sequence-classification", models["sentiment"].GetProperty("task").GetString());
        Assert.Equal(["negative", "neutral", "positive"], models["sentiment"].GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Matches("^[0-9a-f]{16}$", models["all-MiniLM-L6-v2"].GetProperty("revision").GetString());
        Assert.NotEqual(models["all-MiniLM-L6-v2"].GetProperty("revision").GetString(), models["sentiment"].GetProperty("revision").GetString());
        Assert.All(models.Values, m => Assert.Equal("model", m.GetProperty("object").GetString()));
    }

    private async Task<JsonElement> Classify(string body) =>
        await (await fixture.Client.PostJsonAsync("/v1/classify", body)).ExpectOkAsync();
}
