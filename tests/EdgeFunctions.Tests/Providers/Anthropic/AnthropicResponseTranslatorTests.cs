using EdgeFunctions.Providers;
using EdgeFunctions.Providers.Anthropic;
using static EdgeFunctions.Tests.Providers.Anthropic.AnthropicJson;

namespace EdgeFunctions.Tests.Providers.Anthropic;

public sealed class AnthropicResponseTranslatorTests
{
    private const string TextMessage = """
        {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-test-1",
         "content":[{"type":"text","text":"Hello"},{"type":"text","text":", world."}],
         "stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":12,"output_tokens":6}}
        """;

    [Fact]
    public void ToChatCompletion_TextBlocks_BecomeOneChatCompletion()
    {
        var result = AnthropicResponseTranslator.ToChatCompletion(Obj(TextMessage), "smart", Created);

        Assert.Equal(
            """{"id":"chatcmpl-msg_01XFDUDYJgAACzvnptvVoYEL","object":"chat.completion","created":1796000000,"model":"smart","choices":[{"index":0,"message":{"role":"assistant","content":"Hello, world.","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":6,"total_tokens":18}}""",
            result.Completion.ToJsonString());
        Assert.Equal(new TokenUsage(12, 6), result.Usage);
        Assert.Null(result.RateLimits);
    }

    [Fact]
    public void ToChatCompletion_ToolUseBlocks_BecomeToolCallsWithJsonArguments()
    {
        var message = Obj("""
            {"id":"msg_2","type":"message","role":"assistant","model":"claude-test-1",
             "content":[
               {"type":"thinking","thinking":"hidden","signature":"sig"},
               {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Zürich","days":[1,2]}},
               {"type":"tool_use","id":"toolu_01B","name":"get_time","input":{}}],
             "stop_reason":"tool_use","usage":{"input_tokens":40,"output_tokens":30}}
            """);

        var completion = AnthropicResponseTranslator.ToChatCompletion(message, "smart", Created).Completion;

        var choice = completion["choices"]![0]!;
        Assert.Equal("tool_calls", choice["finish_reason"]!.GetValue<string>());
        Assert.Null(choice["message"]!["content"]);
        Assert.Equal(
            """[{"id":"toolu_01A","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Zürich\",\"days\":[1,2]}"}},{"id":"toolu_01B","type":"function","function":{"name":"get_time","arguments":"{}"}}]""",
            Text(choice["message"]!["tool_calls"]));
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("tool_use", "tool_calls")]
    [InlineData("refusal", "content_filter")]
    [InlineData("pause_turn", "stop")]
    [InlineData("something_new", "stop")]
    public void ToChatCompletion_StopReason_MapsToFinishReason(string stopReason, string finishReason)
    {
        var message = Obj(TextMessage);
        message["stop_reason"] = stopReason;

        var completion = AnthropicResponseTranslator.ToChatCompletion(message, "smart", Created).Completion;

        Assert.Equal(finishReason, completion["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public void ToChatCompletion_PromptCacheTokens_CountAsPromptTokens()
    {
        var message = Obj(TextMessage);
        message["usage"] = Obj("""{"input_tokens":10,"cache_creation_input_tokens":100,"cache_read_input_tokens":1000,"output_tokens":5}""");

        var result = AnthropicResponseTranslator.ToChatCompletion(message, "smart", Created);

        Assert.Equal(new TokenUsage(1110, 5, CachedPromptTokens: 1000), result.Usage);
        Assert.Equal("""{"prompt_tokens":1110,"completion_tokens":5,"total_tokens":1115,"prompt_tokens_details":{"cached_tokens":1000}}""",
            result.Completion["usage"]!.ToJsonString());
    }

    [Fact]
    public void ToChatCompletion_RateLimits_ArePassedThrough()
    {
        var limits = new RateLimitSnapshot(100, 40, null, null);

        var result = AnthropicResponseTranslator.ToChatCompletion(Obj(TextMessage), "smart", Created, limits);

        Assert.Same(limits, result.RateLimits);
    }

    [Fact]
    public void ToChatCompletion_EmptyContent_GivesEmptyString()
    {
        var message = Obj("""{"id":"msg_3","type":"message","content":[],"stop_reason":"refusal","usage":{"input_tokens":1,"output_tokens":0}}""");

        var completion = AnthropicResponseTranslator.ToChatCompletion(message, "smart", Created).Completion;

        Assert.Equal(string.Empty, completion["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal("content_filter", completion["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"type":"message","content":[]}""")]
    [InlineData("""{"id":"msg_4","type":"message","content":"text"}""")]
    [InlineData("""{"id":"msg_5","type":"message","content":[{"type":"tool_use","input":{}}]}""")]
    public void ToChatCompletion_NotAMessage_ThrowsMalformed(string body)
    {
        var ex = Assert.Throws<ProviderException>(() => AnthropicResponseTranslator.ToChatCompletion(Obj(body), "smart", Created, provider: "anthropic-eu"));

        Assert.Equal(ProviderFailureKind.Malformed, ex.Kind);
        Assert.Equal("anthropic-eu", ex.Provider);
    }

    [Fact]
    public void ToChatCompletion_ErrorBody_ThrowsByErrorType()
    {
        var body = Obj("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}""");

        var ex = Assert.Throws<ProviderException>(() => AnthropicResponseTranslator.ToChatCompletion(body, "smart", Created));

        Assert.Equal(ProviderFailureKind.Transient, ex.Kind);
        Assert.Contains("Overloaded", ex.Message, StringComparison.Ordinal);
    }
}
