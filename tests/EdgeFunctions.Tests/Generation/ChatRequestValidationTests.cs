using System.Net;
using EdgeFunctions.Tests.Fixtures;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>How <c>model</c> resolves (group, provider/model, bare name, unknown), and malformed requests answered 400 before any provider is called.</summary>
[Collection(ChatCollection.Name)]
public sealed class ChatRequestValidationTests(ChatFixture fixture)
{
    private readonly ChatHarness _harness = fixture.Reset();

    [Theory]
    [InlineData("auto", OpenAiModel)]
    [InlineData("claude", AnthropicModel)]
    [InlineData(OpenAiModel, OpenAiModel)]
    [InlineData(AnthropicModel, AnthropicModel)]
    [InlineData(OpenAiUpstream, OpenAiModel)]
    [InlineData(AnthropicUpstream, AnthropicModel)]
    [InlineData("sonnet", AnthropicModel)]
    public async Task Complete_ModelName_ResolvesToDeployment(string model, string deployment)
    {
        var response = await _harness.Client.ChatAsync(ChatRequests.Body(model));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(deployment, response.Header("x-edge-provider"));
    }

    [Fact]
    public async Task Complete_UnknownModel_Returns404ListingWhatExists()
    {
        var response = await _harness.Client.ChatAsync(ChatRequests.Body("gpt-99"));

        var error = await response.ExpectErrorAsync(HttpStatusCode.NotFound, "model_not_found", "model");
        Assert.Contains("auto", error.GetProperty("message").GetString());
        Assert.Contains(OpenAiModel, error.GetProperty("message").GetString());
        AssertNoProviderCalled();
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        // name, body, param
        { "missing messages", """{"model":"auto"}""", "messages" },
        { "empty messages", """{"model":"auto","messages":[]}""", "messages" },
        { "messages not array", """{"model":"auto","messages":"hi"}""", "messages" },
        { "missing model", """{"messages":[{"role":"user","content":"hi"}]}""", "model" },
        { "bad role", """{"model":"auto","messages":[{"role":"robot","content":"hi"}]}""", "messages[0].role" },
        { "missing content", """{"model":"auto","messages":[{"role":"user"}]}""", "messages[0].content" },
        { "content number", """{"model":"auto","messages":[{"role":"user","content":5}]}""", "messages[0].content" },
        { "tool without id", """{"model":"auto","messages":[{"role":"user","content":"hi"},{"role":"tool","content":"18C"}]}""", "messages[1].tool_call_id" },
        { "n above 1", """{"model":"auto","n":2,"messages":[{"role":"user","content":"hi"}]}""", "n" },
        { "temperature too high", """{"model":"auto","temperature":3,"messages":[{"role":"user","content":"hi"}]}""", "temperature" },
        { "temperature string", """{"model":"auto","temperature":"hot","messages":[{"role":"user","content":"hi"}]}""", "temperature" },
        { "top_p too high", """{"model":"auto","top_p":1.5,"messages":[{"role":"user","content":"hi"}]}""", "top_p" },
        { "stream string", """{"model":"auto","stream":"yes","messages":[{"role":"user","content":"hi"}]}""", "stream" },
        { "tools not array", """{"model":"auto","tools":{},"messages":[{"role":"user","content":"hi"}]}""", "tools" },
        { "tool without name", """{"model":"auto","tools":[{"type":"function","function":{}}],"messages":[{"role":"user","content":"hi"}]}""", "tools[0]" },
        { "five stops", """{"model":"auto","stop":["a","b","c","d","e"],"messages":[{"role":"user","content":"hi"}]}""", "stop" },
        { "max_tokens zero", """{"model":"auto","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens" },
        { "edge not object", """{"model":"auto","edge":"fast","messages":[{"role":"user","content":"hi"}]}""", "edge" },
        { "edge bad priority", """{"model":"auto","edge":{"priority":"fastest"},"messages":[{"role":"user","content":"hi"}]}""", "x-edge-priority" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Complete_MalformedBody_Returns400NamingTheParameter(string name, string body, string param)
    {
        var response = await _harness.Client.SendAsync(ChatRequests.Request(ChatRequests.Path, body));

        var error = await response.ExpectErrorAsync(HttpStatusCode.BadRequest, param: param);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()), name);
        AssertNoProviderCalled();
    }

    [Theory]
    [InlineData("x-edge-priority", "fastest")]
    [InlineData("x-edge-priority", "1")]
    [InlineData("x-edge-max-latency-ms", "-5")]
    [InlineData("x-edge-max-cost-usd", "cheap")]
    [InlineData("x-edge-min-quality", "2")]
    public async Task Complete_BadRoutingHeader_Returns400NamingTheHeader(string header, string value)
    {
        var response = await _harness.Client.ChatAsync(ChatRequests.Body(), (header, value));

        await response.ExpectErrorAsync(HttpStatusCode.BadRequest, "invalid_value", header);
        AssertNoProviderCalled();
    }

    [Fact]
    public async Task Complete_NoEligibleModel_Returns400()
    {
        var response = await _harness.Client.ChatAsync(ChatRequests.Body("auto"), ("x-edge-min-quality", "0.99"));

        await response.ExpectErrorAsync(HttpStatusCode.BadRequest, "no_eligible_model", "model");
        AssertNoProviderCalled();
    }

    [Fact]
    public async Task Complete_WithoutKey_Returns401()
    {
        using var anonymous = new HttpClient { BaseAddress = _harness.Client.BaseAddress };

        var response = await anonymous.ChatAsync(ChatRequests.Body());

        await response.ExpectErrorAsync(HttpStatusCode.Unauthorized);
        AssertNoProviderCalled();
    }

    private void AssertNoProviderCalled()
    {
        Assert.Equal(0, _harness.OpenAi.CallCount);
        Assert.Equal(0, _harness.Anthropic.CallCount);
    }
}
