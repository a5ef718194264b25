using System.Text.Json;

namespace EdgeFunctions.Api.Classification;

/// <summary>
/// <c>{model, input: string|string[], labels?: string[], label_descriptions?: {label: text}}</c>;
/// labels ask for zero-shot, and a label's description, when given, is what its input is compared with.
/// </summary>
public sealed record ClassificationRequest(string Model, IReadOnlyList<string> Input, IReadOnlyList<string>? Labels, IReadOnlyDictionary<string, string>? LabelDescriptions = null)
{
    public static ClassificationRequest Parse(JsonElement root, ApiOptions limits)
    {
        var model = JsonFields.RequiredString(root, "model");
        var input = JsonFields.StringOrStringArray(root, "input", limits);
        var labels = JsonFields.OptionalStringArray(root, "labels", limits, limits.MaxLabels);
        var descriptions = JsonFields.OptionalStringMap(root, "label_descriptions", limits, limits.MaxLabels);
        if (descriptions is not null && labels is null)
        {
            throw ApiError.InvalidRequest("'label_descriptions' describes zero-shot 'labels'; pass 'labels' too.", "label_descriptions", "invalid_value");
        }

        if (descriptions?.Keys.FirstOrDefault(key => !labels!.Contains(key, StringComparer.Ordinal)) is { } stray)
        {
            throw ApiError.InvalidRequest($"'label_descriptions' describes '{stray}', which is not one of 'labels'.", $"label_descriptions.{stray}", "invalid_value");
        }

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

        return new ClassificationRequest(model, input, labels, descriptions);
    }
}
