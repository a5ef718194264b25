using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Hosting;

/// <summary>Settings of the regional stamp as a whole.</summary>
public sealed class EdgeFunctionsOptions
{
    public const string SectionName = "EdgeFunctions";

    /// <summary>The Azure region this instance serves; reported in <c>x-edge-region</c> and scores.</summary>
    [Required]
    [RegularExpression("^[a-z0-9-]{1,40}$", ErrorMessage = "EdgeFunctions:Region must be a lowercase region name such as 'japaneast'.")]
    public string Region { get; set; } = "local";
}

[OptionsValidator]
public sealed partial class EdgeFunctionsOptionsValidator : IValidateOptions<EdgeFunctionsOptions>;
