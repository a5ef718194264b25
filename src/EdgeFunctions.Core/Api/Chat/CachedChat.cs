using System.Text;
using System.Text.Json.Nodes;
using EdgeFunctions.Caching;
using EdgeFunctions.Providers;

namespace EdgeFunctions.Api.Chat;

/// <summary>A finished completion as the cache keeps it: the body, who answered, and what it cost.</summary>
public sealed record CachedChat(JsonObject Completion, string Deployment, TokenUsage Usage, decimal CostUsd);

public sealed class CachedChatCodec : ICacheCodec<CachedChat>
{
    public static readonly CachedChatCodec Instance = new();

    public byte[] Encode(CachedChat value) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["completion"] = value.Completion.DeepClone(),
        ["deployment"] = value.Deployment,
        ["prompt_tokens"] = value.Usage.PromptTokens,
        ["completion_tokens"] = value.Usage.CompletionTokens,
        ["cached_tokens"] = value.Usage.CachedPromptTokens,
        ["cost"] = value.CostUsd,
    }.ToJsonString());

    public CachedChat Decode(byte[] payload)
    {
        var node = JsonNode.Parse(payload)!.AsObject();
        return new CachedChat(
            node["completion"]!.AsObject().DeepClone().AsObject(),
            (string)node["deployment"]!,
            new TokenUsage((int)node["prompt_tokens"]!, (int)node["completion_tokens"]!, (int?)node["cached_tokens"] ?? 0),
            (decimal)node["cost"]!);
    }
}
