namespace EdgeFunctions.Caching;

/// <summary>The operations whose results are cached, each with its own TTL and sharing rule.</summary>
public static class CacheOperation
{
    public const string Embeddings = "embeddings";
    public const string Classification = "classification";
    public const string Entities = "entities";
    public const string Chat = "chat";

    public static readonly IReadOnlyList<string> All = [Embeddings, Classification, Entities, Chat];
}
