namespace EdgeFunctions.Inference.Models;

/// <summary>A model that cannot load stops start-up with a message naming the model and the cause.</summary>
public sealed class ModelLoadException(string model, string reason, Exception? inner = null)
    : Exception($"Model '{model}' could not be loaded: {reason}", inner);
