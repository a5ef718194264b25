namespace EdgeFunctions.Providers;

/// <summary>One model at one provider: what the router ranks and an attempt calls.</summary>
public sealed record Deployment(string Provider, string Model, string UpstreamModel, ModelOptions Settings)
{
    public string Key => $"{Provider}/{Model}";

    public bool Supports(string capability) => Settings.Capabilities.Contains(capability, StringComparer.OrdinalIgnoreCase);

    /// <summary>What a finished call cost in USD, cached prompt tokens at their own price.</summary>
    public decimal CostOf(TokenUsage usage)
    {
        var cached = Math.Clamp(usage.CachedPromptTokens, 0, usage.PromptTokens);
        return PredictCost(usage.PromptTokens - cached, usage.CompletionTokens)
            + (cached * (Settings.CachedInputPricePerMTok ?? Settings.InputPricePerMTok) / 1_000_000m);
    }

    /// <summary>Predicted cost in USD for a call of this size.</summary>
    public decimal PredictCost(int promptTokens, int outputTokens) =>
        ((promptTokens * Settings.InputPricePerMTok) + (outputTokens * Settings.OutputPricePerMTok)) / 1_000_000m;
}
