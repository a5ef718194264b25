using System.Text.Json;

namespace EdgeFunctions.Api.Entities;

/// <summary><c>{model?, input: string|string[]}</c>; without a model the only installed NER model answers.</summary>
public sealed record EntitiesRequest(string? Model, IReadOnlyList<string> Input)
{
    public static EntitiesRequest Parse(JsonElement root, ApiOptions limits)
    {
        var model = JsonFields.OptionalString(root, "model");
        if (model is { Length: 0 })
        {
            throw ApiError.InvalidRequest("'model' must not be empty.", "model", "invalid_value");
        }

        return new EntitiesRequest(model, JsonFields.StringOrStringArray(root, "input", limits));
    }
}
