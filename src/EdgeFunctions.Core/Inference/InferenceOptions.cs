using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Inference;

/// <summary>Where models live and how ONNX Runtime and the micro-batcher run them.</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>Folder of model manifests; relative paths resolve against the app's base directory.</summary>
    [Required]
    public string ModelsDirectory { get; set; } = "models";

    /// <summary>ONNX Runtime intra-op threads per session; 0 lets ONNX Runtime use every core.</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; } = 2;

    /// <summary>
    /// Spinning burns a core while a session waits for work; on small shared instances that
    /// costs more than it saves, so it is off unless asked for.
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>
    /// With <see cref="AllowSpinning"/>, stop the workers spinning as soon as a run ends: they
    /// spin between the operators of one run (where handing work over fast matters) but sleep
    /// between requests, so an idle instance burns no CPU.
    /// </summary>
    public bool StopSpinningAfterRun { get; set; } = true;

    [Required]
    [ValidateObjectMembers]
    public BatchingOptions Batching { get; set; } = new();

    /// <summary>How a zero-shot label is described before it is embedded; <c>{0}</c> is the label.</summary>
    [Required]
    [RegularExpression(@".*\{0\}.*", ErrorMessage = "ZeroShotTemplate must contain {{0}}, where the label goes.")]
    public string ZeroShotTemplate { get; set; } = "This text is about {0}.";

    /// <summary>Multiplies cosines before the softmax; higher makes zero-shot scores more decisive.</summary>
    [Range(1.0, 1000.0)]
    public float ZeroShotScale { get; set; } = 20f;
}

/// <summary>Bounds for grouping concurrent inputs into one ONNX Runtime run.</summary>
public sealed class BatchingOptions
{
    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>Upper bound on padded tokens (rows × longest row) in one run.</summary>
    [Range(1, 1_000_000)]
    public int MaxBatchTokens { get; set; } = 8192;

    /// <summary>
    /// How long a batch that is not yet full waits for more inputs, and only while other
    /// callers are active: a lone request never pays it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Inputs that may wait for a run. Beyond it a request is turned away at once with a 503 and
    /// Retry-After rather than queued into seconds of latency; a request arriving at an empty
    /// queue is always taken, however many inputs it has.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxQueuedInputs { get; set; } = 2048;
}

[OptionsValidator]
public sealed partial class InferenceOptionsValidator : IValidateOptions<InferenceOptions>;
