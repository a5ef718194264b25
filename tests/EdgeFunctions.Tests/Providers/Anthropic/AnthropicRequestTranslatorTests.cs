using System.Text.Json.Nodes;
using EdgeFunctions.Providers.Anthropic;
using static EdgeFunctions.Tests.Providers.Anthropic.AnthropicJson;

namespace EdgeFunctions.Tests.Providers.Anthropic;

public sealed class AnthropicRequestTranslatorTests
{
    private static JsonObject Translate(string openAi, bool stream = false, int defaultMaxTokens = AnthropicRequestTranslator.DefaultMaxTokens) =>
        AnthropicRequestTranslator.ToMessagesRequest(Obj(openAi), "claude-test-1", stream, defaultMaxTokens);

    private static JsonArray Messages(JsonObject request) => request["messages"]!.AsArray();

    [Fact]
    public void ToMessagesRequest_SystemAndDeveloperMessages_BecomeTopLevelSystemInOrder()
    {
        var request = Translate("""
            {"model":"auto","messages":[
              {"role":"system","content":"You are terse."},
              {"role":"user","content":"Hi"},
              {"role":"developer","content":[{"type":"text","text":"Answer in French."}]}
            ]}
            """);

        Assert.Equal("You are terse.\n\nAnswer in French.", request["system"]!.GetValue<string>());
        Assert.Single(Messages(request));
        Assert.Equal("user", Messages(request)[0]!["role"]!.GetValue<string>());
        Assert.Equal("""[{"type":"text","text":"Hi"}]""", Messages(request)[0]!["content"]!.ToJsonString());
    }

    [Fact]
    public void ToMessagesRequest_ModelStreamAndDefaults_AreSet()
    {
        var request = Translate("""{"model":"auto","messages":[{"role":"user","content":"Hi"}]}""", stream: true, defaultMaxTokens: 333);

        Assert.Equal("claude-test-1", request["model"]!.GetValue<string>());
        Assert.True(request["stream"]!.GetValue<bool>());
        Assert.Equal(333, request["max_tokens"]!.GetValue<int>());
        Assert.Null(request["system"]);
        Assert.Null(request["tools"]);
        Assert.Null(request["temperature"]);
    }

    [Fact]
    public void ToMessagesRequest_ContentParts_BecomeTextAndImageBlocks()
    {
        var request = Translate("""
            {"messages":[{"role":"user","content":[
              {"type":"text","text":"What is in these?"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}},
              {"type":"image_url","image_url":{"url":"https://example.test/cat.jpg"}}
            ]}]}
            """);

        var content = Messages(request)[0]!["content"]!.AsArray();
        Assert.Equal("""{"type":"text","text":"What is in these?"}""", content[0]!.ToJsonString());
        Assert.Equal("""{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}""", content[1]!.ToJsonString());
        Assert.Equal("""{"type":"image","source":{"type":"url","url":"https://example.test/cat.jpg"}}""", content[2]!.ToJsonString());
    }

    [Theory]
    [InlineData("data:image/bmp;base64,Qk0=")]
    [InlineData("data:image/png,rawbytes")]
    [InlineData("ftp://example.test/cat.png")]
    public void ToMessagesRequest_UnsupportedImageUrl_ThrowsTranslationException(string url)
    {
        var ex = Assert.Throws<TranslationException>(() => Translate(
            $$$"""{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"{{{url}}}"}}]}]}"""));

        Assert.Equal("messages[0].content[0].image_url.url", ex.Param);
    }

    [Fact]
    public void ToMessagesRequest_UnsupportedContentPart_ThrowsNamingThePart()
    {
        var ex = Assert.Throws<TranslationException>(() => Translate(
            """{"messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAA=","format":"wav"}}]}]}"""));

        Assert.Equal("messages[0].content[0].type", ex.Param);
        Assert.Equal("unsupported_parameter", ex.Code);
    }

    [Fact]
    public void ToMessagesRequest_ConsecutiveSameRoleMessages_AreMergedIntoOneTurn()
    {
        var request = Translate("""
            {"messages":[
              {"role":"user","content":"First."},
              {"role":"user","content":"Second."},
              {"role":"assistant","content":"A."},
              {"role":"assistant","content":"B."},
              {"role":"user","content":""},
              {"role":"user","content":"Third."}
            ]}
            """);

        var messages = Messages(request);
        Assert.Equal(3, messages.Count);
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal(2, messages[0]!["content"]!.AsArray().Count);
        Assert.Equal(2, messages[1]!["content"]!.AsArray().Count);
        Assert.Equal("""[{"type":"text","text":"Third."}]""", messages[2]!["content"]!.ToJsonString());
    }

    [Fact]
    public void ToMessagesRequest_FinalAssistantPrefill_LosesTrailingWhitespaceOnly()
    {
        var request = Translate("""
            {"messages":[
              {"role":"user","content":"Name a colour.  "},
              {"role":"assistant","content":"  The colour is: \n"}
            ]}
            """);

        Assert.Equal("Name a colour.  ", Messages(request)[0]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("  The colour is:", Messages(request)[1]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void ToMessagesRequest_AssistantToolCalls_BecomeToolUseBlocksWithParsedInput()
    {
        var request = Translate("""
            {"messages":[
              {"role":"user","content":"Weather in Paris and Oslo?"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                {"id":"toolu_2","type":"function","function":{"name":"get_time","arguments":""}}
              ]}
            ]}
            """);

        var content = Messages(request)[1]!["content"]!.AsArray();
        Assert.Equal("""{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}""", content[0]!.ToJsonString());
        Assert.Equal("""{"type":"tool_use","id":"toolu_2","name":"get_time","input":{}}""", content[1]!.ToJsonString());
    }

    [Theory]
    [InlineData("{\\\"city\\\": \\\"Par")]
    [InlineData("[1,2]")]
    [InlineData("not json")]
    public void ToMessagesRequest_InvalidToolArguments_ThrowsTranslationExceptionNamingTheField(string arguments)
    {
        var ex = Assert.Throws<TranslationException>(() => Translate($$$"""
            {"messages":[
              {"role":"user","content":"Go"},
              {"role":"assistant","tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"f","arguments":"{{{arguments}}}"}}]}
            ]}
            """));

        Assert.Equal("messages[1].tool_calls[0].function.arguments", ex.Param);
        Assert.Contains("arguments", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMessagesRequest_ToolMessages_BecomeOneUserTurnOfToolResultsBeforeText()
    {
        var request = Translate("""
            {"messages":[
              {"role":"user","content":"Weather?"},
              {"role":"assistant","content":"Checking.","tool_calls":[
                {"id":"toolu_1","type":"function","function":{"name":"w","arguments":"{}"}},
                {"id":"toolu_2","type":"function","function":{"name":"w","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"toolu_1","content":"Sunny"},
              {"role":"user","content":"Also, be brief."},
              {"role":"tool","tool_call_id":"toolu_2","content":[{"type":"text","text":"Rain"}]}
            ]}
            """);

        var messages = Messages(request);
        Assert.Equal(3, messages.Count);
        Assert.Equal("""[{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"w","input":{}},{"type":"tool_use","id":"toolu_2","name":"w","input":{}}]""",
            messages[1]!["content"]!.ToJsonString());
        Assert.Equal("user", messages[2]!["role"]!.GetValue<string>());
        Assert.Equal(
            """[{"type":"tool_result","tool_use_id":"toolu_1","content":"Sunny"},{"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"Rain"}]},{"type":"text","text":"Also, be brief."}]""",
            messages[2]!["content"]!.ToJsonString());
    }

    [Fact]
    public void ToMessagesRequest_FunctionTools_BecomeAnthropicToolDefinitions()
    {
        var request = Translate("""
            {"messages":[{"role":"user","content":"Hi"}],
             "tools":[
               {"type":"function","function":{"name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}},
               {"type":"function","function":{"name":"ping"}}
             ]}
            """);

        Assert.Equal(
            """[{"name":"get_weather","description":"Weather now","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},{"name":"ping","input_schema":{"type":"object","properties":{}}}]""",
            request["tools"]!.ToJsonString());
    }

    [Theory]
    [InlineData("\"auto\"", null, """{"type":"auto"}""")]
    [InlineData("\"required\"", null, """{"type":"any"}""")]
    [InlineData("\"none\"", null, """{"type":"none"}""")]
    [InlineData("""{"type":"function","function":{"name":"get_weather"}}""", null, """{"type":"tool","name":"get_weather"}""")]
    [InlineData("\"required\"", "false", """{"type":"any","disable_parallel_tool_use":true}""")]
    [InlineData("null", "false", """{"type":"auto","disable_parallel_tool_use":true}""")]
    [InlineData("\"none\"", "false", """{"type":"none"}""")]
    [InlineData("null", "true", null)]
    public void ToMessagesRequest_ToolChoice_MapsToAnthropicToolChoice(string toolChoice, string? parallel, string? expected)
    {
        var body = Obj("""
            {"messages":[{"role":"user","content":"Hi"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
            """);
        body["tool_choice"] = JsonNode.Parse(toolChoice);
        if (parallel is not null)
        {
            body["parallel_tool_calls"] = JsonNode.Parse(parallel);
        }

        var request = AnthropicRequestTranslator.ToMessagesRequest(body, "claude-test-1", stream: false);

        Assert.Equal(expected, request["tool_choice"]?.ToJsonString());
    }

    [Fact]
    public void ToMessagesRequest_ToolChoiceWithoutTools_IsOmitted()
    {
        var request = Translate("""{"messages":[{"role":"user","content":"Hi"}],"tool_choice":"required"}""");

        Assert.Null(request["tool_choice"]);
        Assert.Null(request["tools"]);
    }

    [Fact]
    public void ToMessagesRequest_NonFunctionTool_ThrowsTranslationException()
    {
        var ex = Assert.Throws<TranslationException>(() => Translate(
            """{"messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"custom","custom":{"name":"x"}}]}"""));

        Assert.Equal("tools[0].type", ex.Param);
    }

    [Theory]
    [InlineData("""{"max_tokens":50}""", 50)]
    [InlineData("""{"max_completion_tokens":70}""", 70)]
    [InlineData("""{"max_tokens":50,"max_completion_tokens":70}""", 70)]
    [InlineData("""{"max_tokens":null}""", AnthropicRequestTranslator.DefaultMaxTokens)]
    public void ToMessagesRequest_MaxTokens_PrefersMaxCompletionTokens(string extra, int expected)
    {
        var body = Obj(extra);
        body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Hi" });

        var request = AnthropicRequestTranslator.ToMessagesRequest(body, "claude-test-1", stream: false);

        Assert.Equal(expected, request["max_tokens"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.7, 0.7)]
    [InlineData(1.0, 1.0)]
    [InlineData(1.6, 1.0)]
    [InlineData(2.0, 1.0)]
    public void ToMessagesRequest_Temperature_IsClampedToAnthropicRange(double openAi, double anthropic)
    {
        var body = Obj("""{"messages":[{"role":"user","content":"Hi"}]}""");
        body["temperature"] = openAi;

        var request = AnthropicRequestTranslator.ToMessagesRequest(body, "claude-test-1", stream: false);

        Assert.Equal(anthropic, request["temperature"]!.GetValue<double>());
    }

    [Fact]
    public void ToMessagesRequest_TemperatureAndTopP_SendsOnlyTemperature()
    {
        var request = Translate("""{"messages":[{"role":"user","content":"Hi"}],"temperature":0,"top_p":0.5}""");

        Assert.Equal(0.0, request["temperature"]!.GetValue<double>());
        Assert.Null(request["top_p"]);
    }

    [Theory]
    [InlineData("\"END\"", """["END"]""")]
    [InlineData("""["END","\n\n",""]""", """["END","\n\n"]""")]
    [InlineData("\"\"", null)]
    [InlineData("null", null)]
    public void ToMessagesRequest_Stop_BecomesStopSequences(string stop, string? expected)
    {
        var request = Translate($$$"""{"messages":[{"role":"user","content":"Hi"}],"stop":{{{stop}}}}""");

        Assert.Equal(expected, request["stop_sequences"]?.ToJsonString());
    }

    [Fact]
    public void ToMessagesRequest_TopPAndUser_AreForwarded()
    {
        var request = Translate("""{"messages":[{"role":"user","content":"Hi"}],"top_p":0.9,"user":"agent-42","seed":7,"frequency_penalty":0.5}""");

        Assert.Equal(0.9, request["top_p"]!.GetValue<double>());
        Assert.Equal("""{"user_id":"agent-42"}""", request["metadata"]!.ToJsonString());
        Assert.Null(request["seed"]);
        Assert.Null(request["frequency_penalty"]);
    }

    [Theory]
    [InlineData("""{"n":2}""", "n")]
    [InlineData("""{"logprobs":true}""", "logprobs")]
    [InlineData("""{"top_logprobs":3}""", "logprobs")]
    [InlineData("""{"modalities":["text","audio"]}""", "modalities")]
    [InlineData("""{"max_tokens":0}""", "max_tokens")]
    [InlineData("""{"stop":5}""", "stop")]
    public void ToMessagesRequest_UnsupportedOrInvalidParameter_ThrowsTranslationException(string extra, string param)
    {
        var body = Obj(extra);
        body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Hi" });

        var ex = Assert.Throws<TranslationException>(() => AnthropicRequestTranslator.ToMessagesRequest(body, "claude-test-1", stream: false));

        Assert.Equal(param, ex.Param);
    }

    [Fact]
    public void ToMessagesRequest_OneChoiceAndNoLogprobs_AreAccepted()
    {
        var request = Translate("""{"messages":[{"role":"user","content":"Hi"}],"n":1,"logprobs":false}""");

        Assert.Single(Messages(request));
    }

    [Fact]
    public void ToMessagesRequest_JsonObjectResponseFormat_AddsSystemInstruction()
    {
        var request = Translate("""{"messages":[{"role":"system","content":"Be exact."},{"role":"user","content":"Hi"}],"response_format":{"type":"json_object"}}""");

        var system = request["system"]!.GetValue<string>();
        Assert.StartsWith("Be exact.\n\n", system, StringComparison.Ordinal);
        Assert.Contains("valid JSON object", system, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMessagesRequest_JsonSchemaResponseFormat_PutsTheSchemaInTheSystemPrompt()
    {
        var request = Translate("""
            {"messages":[{"role":"user","content":"Hi"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object","properties":{"ok":{"type":"boolean"}}}}}}
            """);

        var system = request["system"]!.GetValue<string>();
        Assert.Contains("\"answer\"", system, StringComparison.Ordinal);
        Assert.EndsWith("""{"type":"object","properties":{"ok":{"type":"boolean"}}}""", system, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMessagesRequest_TextResponseFormat_AddsNothing()
    {
        var request = Translate("""{"messages":[{"role":"user","content":"Hi"}],"response_format":{"type":"text"}}""");

        Assert.Null(request["system"]);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"system","content":"Only system."}]}""", "messages")]
    [InlineData("""{"messages":[{"role":"function","name":"f","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"messages":"Hi"}""", "messages")]
    [InlineData("""{"messages":[{"role":"tool","content":"x"}]}""", "messages[0].tool_call_id")]
    public void ToMessagesRequest_UntranslatableMessages_ThrowTranslationException(string body, string param)
    {
        var ex = Assert.Throws<TranslationException>(() => Translate(body));

        Assert.Equal(param, ex.Param);
    }

    [Fact]
    public void ToMessagesRequest_DoesNotAliasTheCallersNodes()
    {
        var body = Obj("""
            {"messages":[{"role":"user","content":"Hi"}],
             "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}
            """);

        var request = AnthropicRequestTranslator.ToMessagesRequest(body, "claude-test-1", stream: false);
        request["tools"]![0]!["input_schema"]!.AsObject()["added"] = true;

        Assert.Null(body["tools"]![0]!["function"]!["parameters"]!["added"]);
    }
}
