using System.Text;
using System.Text.Json.Nodes;
using EdgeFunctions.Providers;
using EdgeFunctions.Providers.Anthropic;
using static EdgeFunctions.Tests.Providers.Anthropic.AnthropicJson;

namespace EdgeFunctions.Tests.Providers.Anthropic;

public sealed class AnthropicStreamTranslatorTests
{
    // A text block then a tool_use block, in the shape and order of Anthropic's documented tool-use stream.
    private const string TextThenToolStream = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-test-1","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type": "ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", let's check the weather for San Francisco, CA:"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\":"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \"San Francisc"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"o, CA\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

        event: message_stop
        data: {"type":"message_stop"}
        """;

    private const string MessageStart = """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"usage":{"input_tokens":10,"output_tokens":1}}}""";

    private static List<JsonObject> Run(AnthropicStreamTranslator translator, string sse) =>
        Sse(sse).SelectMany(e => translator.OnEvent(e.Event, e.Data)).ToList();

    [Fact]
    public void OnEvent_RecordedTextAndToolUseStream_YieldsOpenAiChunks()
    {
        var translator = new AnthropicStreamTranslator("smart", Created);

        var chunks = Run(translator, TextThenToolStream);

        Assert.Equal(
            [
                """{"role":"assistant","content":""}""",
                """{"content":"Okay"}""",
                """{"content":", let's check the weather for San Francisco, CA:"}""",
                """{"tool_calls":[{"index":0,"id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","type":"function","function":{"name":"get_weather","arguments":""}}]}""",
                """{"tool_calls":[{"index":0,"function":{"arguments":"{\"location\":"}}]}""",
                """{"tool_calls":[{"index":0,"function":{"arguments":" \"San Francisc"}}]}""",
                """{"tool_calls":[{"index":0,"function":{"arguments":"o, CA\"}"}}]}""",
                "{}",
            ],
            chunks.Select(c => Text(c["choices"]![0]!["delta"])));
        Assert.Equal([null, null, null, null, null, null, null, "tool_calls"], chunks.Select(c => c["choices"]![0]!["finish_reason"]?.GetValue<string>()));
        Assert.All(chunks, c =>
        {
            Assert.Equal("chatcmpl-msg_014p7gG3wDgGV9EUtLvnow3U", c["id"]!.GetValue<string>());
            Assert.Equal("chat.completion.chunk", c["object"]!.GetValue<string>());
            Assert.Equal(Created.ToUnixTimeSeconds(), c["created"]!.GetValue<long>());
            Assert.Equal("smart", c["model"]!.GetValue<string>());
            Assert.False(c.ContainsKey("usage"));
        });
        Assert.True(translator.Completed);
        Assert.Equal("tool_calls", translator.FinishReason);
        Assert.Equal(new TokenUsage(472, 89), translator.Usage);
    }

    [Fact]
    public void OnEvent_RecordedStream_ReassemblesToTheSameMessageAsTheNonStreamedAnswer()
    {
        var translator = new AnthropicStreamTranslator("smart", Created);
        var content = new StringBuilder();
        var arguments = new StringBuilder();

        foreach (var delta in Run(translator, TextThenToolStream).Select(c => c["choices"]![0]!["delta"]!))
        {
            content.Append(delta["content"]?.GetValue<string>());
            arguments.Append(delta["tool_calls"]?[0]?["function"]?["arguments"]?.GetValue<string>());
        }

        Assert.Equal("Okay, let's check the weather for San Francisco, CA:", content.ToString());
        Assert.Equal("""{"location":"San Francisco, CA"}""", JsonNode.Parse(arguments.ToString())!.ToJsonString());
    }

    [Fact]
    public void OnEvent_SeveralToolUseBlocks_NumberToolCallsFromZero()
    {
        var translator = new AnthropicStreamTranslator("smart", Created);
        translator.OnEvent("message_start", Obj(MessageStart));
        translator.OnEvent("content_block_start", Obj("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""));

        var first = translator.OnEvent("content_block_start", Obj("""{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_a","name":"a","input":{}}}"""));
        var second = translator.OnEvent("content_block_start", Obj("""{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_b","name":"b","input":{}}}"""));
        var toFirst = translator.OnEvent("content_block_delta", Obj("""{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{}"}}"""));
        var toSecond = translator.OnEvent("content_block_delta", Obj("""{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{}"}}"""));

        static int ToolIndex(IReadOnlyList<JsonObject> chunks) => chunks.Single()["choices"]![0]!["delta"]!["tool_calls"]![0]!["index"]!.GetValue<int>();
        Assert.Equal([0, 1, 0, 1], new[] { first, second, toFirst, toSecond }.Select(ToolIndex));
    }

    [Fact]
    public void UsageChunk_IncludeUsage_HasEmptyChoicesAndTotals_AndDeltaChunksCarryNullUsage()
    {
        var translator = new AnthropicStreamTranslator("smart", Created, includeUsage: true);

        var chunks = Run(translator, TextThenToolStream);
        var usage = translator.UsageChunk();

        Assert.All(chunks, c => Assert.True(c.ContainsKey("usage") && c["usage"] is null));
        Assert.Equal(
            """{"id":"chatcmpl-msg_014p7gG3wDgGV9EUtLvnow3U","object":"chat.completion.chunk","created":1796000000,"model":"smart","choices":[],"usage":{"prompt_tokens":472,"completion_tokens":89,"total_tokens":561}}""",
            usage.ToJsonString());
    }

    [Fact]
    public void UsageChunk_BeforeMessageStart_Throws()
    {
        var translator = new AnthropicStreamTranslator("smart", Created, includeUsage: true);

        Assert.Throws<InvalidOperationException>(translator.UsageChunk);
    }

    [Fact]
    public void OnEvent_MessageDeltaWithInputAndCacheTokens_UpdatesPromptTokens()
    {
        var translator = new AnthropicStreamTranslator("smart", Created, includeUsage: true);
        translator.OnEvent("message_start", Obj("""{"type":"message_start","message":{"id":"msg_1","content":[],"usage":{"input_tokens":5,"cache_read_input_tokens":1000,"output_tokens":1}}}"""));

        translator.OnEvent("message_delta", Obj("""{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"input_tokens":6,"cache_read_input_tokens":1000,"cache_creation_input_tokens":0,"output_tokens":21}}"""));

        Assert.Equal(new TokenUsage(1006, 21, CachedPromptTokens: 1000), translator.Usage);
        Assert.Equal(1000, translator.UsageChunk()["usage"]!["prompt_tokens_details"]!["cached_tokens"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("refusal", "content_filter")]
    public void OnEvent_MessageDelta_YieldsFinishReasonChunk(string stopReason, string finishReason)
    {
        var translator = new AnthropicStreamTranslator("smart", Created);
        translator.OnEvent("message_start", Obj(MessageStart));

        var chunk = translator.OnEvent("message_delta", Obj($$$"""{"type":"message_delta","delta":{"stop_reason":"{{{stopReason}}}"},"usage":{"output_tokens":3}}""")).Single();

        Assert.Equal(finishReason, chunk["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal("{}", chunk["choices"]![0]!["delta"]!.ToJsonString());
        Assert.False(translator.Completed);
    }

    [Fact]
    public void OnEvent_EmptyEventName_UsesTheDataType()
    {
        var translator = new AnthropicStreamTranslator("smart", Created);

        var chunks = translator.OnEvent(string.Empty, Obj(MessageStart));

        Assert.Single(chunks);
        Assert.Equal("chatcmpl-msg_1", translator.Id);
    }

    [Fact]
    public void OnEvent_PingThinkingAndUnknownEvents_YieldNothing()
    {
        var translator = new AnthropicStreamTranslator("smart", Created);
        Assert.Empty(translator.OnEvent("ping", Obj("""{"type":"ping"}""")));
        translator.OnEvent("message_start", Obj(MessageStart));

        Assert.Empty(translator.OnEvent("content_block_start", Obj("""{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}""")));
        Assert.Empty(translator.OnEvent("content_block_delta", Obj("""{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think"}}""")));
        Assert.Empty(translator.OnEvent("content_block_delta", Obj("""{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"abc"}}""")));
        Assert.Empty(translator.OnEvent("content_block_stop", Obj("""{"type":"content_block_stop","index":0}""")));
        Assert.Empty(translator.OnEvent("some_future_event", Obj("""{"type":"some_future_event"}""")));
        Assert.Empty(translator.OnEvent("message_stop", Obj("""{"type":"message_stop"}""")));
        Assert.True(translator.Completed);
    }

    [Theory]
    [InlineData("overloaded_error", ProviderFailureKind.Transient, 529)]
    [InlineData("rate_limit_error", ProviderFailureKind.RateLimited, 429)]
    [InlineData("api_error", ProviderFailureKind.Transient, 500)]
    [InlineData("invalid_request_error", ProviderFailureKind.Rejected, 400)]
    [InlineData("authentication_error", ProviderFailureKind.Rejected, 401)]
    [InlineData("timeout_error", ProviderFailureKind.Timeout, 504)]
    [InlineData("brand_new_error", ProviderFailureKind.Transient, null)]
    public void OnEvent_ErrorEvent_ThrowsProviderExceptionByErrorType(string errorType, ProviderFailureKind kind, int? status)
    {
        var translator = new AnthropicStreamTranslator("smart", Created, provider: "anthropic-us");
        translator.OnEvent("message_start", Obj(MessageStart));
        translator.OnEvent("content_block_delta", Obj("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Partial"}}"""));

        var ex = Assert.Throws<ProviderException>(() => translator.OnEvent(
            "error", Obj($$$"""{"type":"error","error":{"type":"{{{errorType}}}","message":"Something went wrong"}}""")));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("anthropic-us", ex.Provider);
        Assert.Contains("Something went wrong", ex.Message, StringComparison.Ordinal);
        Assert.False(translator.Completed);
    }

    [Fact]
    public void OnEvent_ErrorEventBeforeMessageStart_StillThrowsByErrorType()
    {
        var translator = new AnthropicStreamTranslator("smart", Created);

        var ex = Assert.Throws<ProviderException>(() => translator.OnEvent("error", Obj("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")));

        Assert.Equal(ProviderFailureKind.Transient, ex.Kind);
    }

    [Theory]
    [InlineData("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}""")]
    [InlineData("message_start", """{"type":"message_start","message":{"type":"message"}}""")]
    public void OnEvent_ProtocolViolation_ThrowsMalformed(string eventType, string data)
    {
        var translator = new AnthropicStreamTranslator("smart", Created);

        var ex = Assert.Throws<ProviderException>(() => translator.OnEvent(eventType, Obj(data)));

        Assert.Equal(ProviderFailureKind.Malformed, ex.Kind);
    }

    [Fact]
    public void OnEvent_InputJsonDeltaForATextBlock_ThrowsMalformed()
    {
        var translator = new AnthropicStreamTranslator("smart", Created);
        translator.OnEvent("message_start", Obj(MessageStart));
        translator.OnEvent("content_block_start", Obj("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""));

        var ex = Assert.Throws<ProviderException>(() => translator.OnEvent(
            "content_block_delta", Obj("""{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{"}}""")));

        Assert.Equal(ProviderFailureKind.Malformed, ex.Kind);
    }

    [Fact]
    public void OnEvent_SecondMessageStart_ThrowsMalformed()
    {
        var translator = new AnthropicStreamTranslator("smart", Created);
        translator.OnEvent("message_start", Obj(MessageStart));

        Assert.Equal(ProviderFailureKind.Malformed, Assert.Throws<ProviderException>(() => translator.OnEvent("message_start", Obj(MessageStart))).Kind);
    }
}
