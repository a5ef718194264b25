namespace EdgeFunctions.Providers.Anthropic;

/// <summary>Anthropic <c>stop_reason</c> as OpenAI <c>finish_reason</c>.</summary>
internal static class AnthropicStopReason
{
    public static string ToFinishReason(string? stopReason) => stopReason switch
    {
        "max_tokens" or "model_context_window_exceeded" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",

        // end_turn and stop_sequence are normal stops. pause_turn (a server tool paused a long turn) and
        // any reason added later also end up here: OpenAI has no closer value, and the text is complete so far.
        _ => "stop",
    };
}
