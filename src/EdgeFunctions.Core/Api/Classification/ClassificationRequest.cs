using System.Text.Json;

namespace EdgeFunctions.Api.Classification;

/// <summary><c>{model, input: string|string[], labels?: string[]}</c>; labels ask for zero-shot.</summary>
public sealed record ClassificationRequest(string Model, IReadOnlyList<string> Input, IReadOnlyList<string>? Labels)
{
    public static ClassificationRequest Parse(JsonElement root, ApiOptions limits)
    {
        var model = JsonFields.RequiredString(root, "model");
        var input = JsonFields.StringOrStringArray(root, "input", limits);
        var labels = JsonFields.OptionalStringArray(root, "labels", limits, limits.MaxLabels);
        if (labels is not null)
        {
            if (labels.Count < 2)
            {
                throw ApiError.InvalidRequest("'labels' needs at least two labels to choose between.", "labels", "invalid_value");
            }

            var duplicate = labels.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw ApiError.InvalidRequest($"'labels' repeats '{duplicate.Key}'.", "labels", "invalid_value");
            }
        }

        return new ClassificationRequest(model, input, labels);
    }
}
