namespace EdgeFunctions.Inference.Batching;

/// <summary>A model's queue already holds as many inputs as it may; the caller should retry shortly.</summary>
public sealed class BatchQueueFullException(string model, int queued, int limit)
    : Exception($"'{model}' already has {queued} inputs waiting (limit {limit}).")
{
    public string Model => model;
}
