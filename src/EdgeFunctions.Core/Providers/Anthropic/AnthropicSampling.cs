using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>
/// Sampling and output parameters, and the OpenAI parameters Anthropic cannot honour. A parameter that
/// would silently change what the caller receives (several choices, logprobs, audio) is rejected; one
/// that is only a sampling hint with no Anthropic equivalent is ignored.
/// </summary>
internal static class AnthropicSampling
{
    /// <summary>
    /// Ignored, by design: <c>seed</c> (Anthropic has no seeded sampling; deterministic caching relies on
    /// temperature 0 instead), <c>frequency_penalty</c>, <c>presence_penalty</c>, <c>logit_bias</c>,
    /// <c>reasoning_effort</c>, <c>service_tier</c>, <c>store</c>, <c>metadata</c>, <c>prediction</c>,
    /// <c>stream_options</c> (Anthropic always reports usage) and each message's <c>name</c>.
    /// </summary>
    public static void RejectUnsupported(JsonObject request)
    {
        if (JsonRead.Integer(request["n"]) is > 1)
        {
            throw new TranslationException("The Anthropic provider returns one choice; 'n' greater than 1 is not supported.", "n", "unsupported_parameter");
        }

        if (JsonRead.Bool(request["logprobs"]) == true || !JsonRead.IsNullOrAbsent(request["top_logprobs"]))
        {
            throw new TranslationException("The Anthropic provider does not return log probabilities.", "logprobs", "unsupported_parameter");
        }

        if (!JsonRead.IsNullOrAbsent(request["audio"]) || (request["modalities"] is JsonArray modalities && modalities.Any(m => JsonRead.String(m) == "audio")))
        {
            throw new TranslationException("The Anthropic provider does not produce audio.", "modalities", "unsupported_parameter");
        }
    }

    public static void Apply(JsonObject request, JsonObject target, int defaultMaxTokens)
    {
        // max_completion_tokens supersedes the deprecated max_tokens; Anthropic requires a value.
        var maxTokens = PositiveInt(request, "max_completion_tokens") ?? PositiveInt(request, "max_tokens") ?? defaultMaxTokens;
        target["max_tokens"] = maxTokens;

        // OpenAI allows 0..2, Anthropic 0..1. Clamping (not scaling) keeps 0 deterministic and the common
        // 0..1 values meaning what callers expect; anything hotter than 1 becomes Anthropic's hottest.
        if (JsonRead.Number(request["temperature"]) is { } temperature)
        {
            target["temperature"] = Math.Clamp(temperature, 0, 1);
        }

        // Recent Claude models reject temperature and top_p together ("use only one"), and Anthropic
        // advises altering one or the other. Temperature wins: it is the knob the cache's determinism
        // rule reads, and the one callers set far more often.
        if (JsonRead.Number(request["top_p"]) is { } topP && !target.ContainsKey("temperature"))
        {
            target["top_p"] = topP;
        }

        if (StopSequences(request["stop"]) is { Count: > 0 } stops)
        {
            target["stop_sequences"] = JsonRead.Array(stops.Select(s => (JsonNode)JsonValue.Create(s)));
        }
    }

    private static int? PositiveInt(JsonObject request, string name)
    {
        var node = request[name];
        if (JsonRead.IsNullOrAbsent(node))
        {
            return null;
        }

        return JsonRead.Integer(node) is { } value and > 0 and <= int.MaxValue
            ? (int)value
            : throw new TranslationException($"'{name}' must be a positive integer.", name);
    }

    // OpenAI takes one string or an array of strings. Empty strings stop nothing and Anthropic rejects them.
    private static List<string> StopSequences(JsonNode? stop) => stop switch
    {
        _ when JsonRead.String(stop) is { } one => one.Length > 0 ? [one] : [],
        JsonArray many => [.. many.Select(s => JsonRead.String(s) ?? throw new TranslationException("'stop' must contain only strings.", "stop", "invalid_type")).Where(s => s.Length > 0)],
        _ when JsonRead.IsNullOrAbsent(stop) => [],
        _ => throw new TranslationException("'stop' must be a string or an array of strings.", "stop", "invalid_type"),
    };
}
