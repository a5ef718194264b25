using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Api;

/// <summary>Limits applied to every request before any model sees it.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest accepted request body; larger bodies get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most items in one <c>input</c> array (OpenAI allows 2048 for embeddings).</summary>
    [Range(1, 100_000)]
    public int MaxInputItems { get; set; } = 2048;

    /// <summary>Longest single input string in characters; a model truncates to its token limit anyway.</summary>
    [Range(1, 10_000_000)]
    public int MaxInputChars { get; set; } = 100_000;

    /// <summary>Most labels in a zero-shot classification request.</summary>
    [Range(2, 1000)]
    public int MaxLabels { get; set; } = 100;
}

[OptionsValidator]
public sealed partial class ApiOptionsValidator : IValidateOptions<ApiOptions>;
