namespace EdgeFunctions.Providers.Anthropic;

/// <summary>
/// The caller's OpenAI request cannot be expressed in Anthropic's Messages format (invalid tool-call
/// arguments, an unsupported parameter or content part). It is the caller's fault, not the provider's,
/// so the adapter answers 400 with <see cref="Param"/> and <see cref="Code"/> instead of failing over.
/// </summary>
public sealed class TranslationException(string message, string? param = null, string code = "invalid_value")
    : Exception(message)
{
    /// <summary>The offending request field as a path, e.g. <c>messages[2].tool_calls[0].function.arguments</c>.</summary>
    public string? Param => param;

    /// <summary>An OpenAI-style error code: <c>invalid_value</c>, <c>invalid_type</c> or <c>unsupported_parameter</c>.</summary>
    public string Code => code;
}
