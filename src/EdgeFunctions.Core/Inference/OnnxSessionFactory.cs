using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace EdgeFunctions.Inference;

/// <summary>Creates every ONNX Runtime session with the process-wide threading settings.</summary>
public sealed class OnnxSessionFactory(IOptions<InferenceOptions> options)
{
    public InferenceSession Create(string modelPath) => new(modelPath, CreateOptions());

    public InferenceSession Create(byte[] model) => new(model, CreateOptions());

    private SessionOptions CreateOptions()
    {
        var settings = options.Value;
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = settings.IntraOpThreads,
            InterOpNumThreads = 1,
        };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", settings.AllowSpinning ? "1" : "0");
        sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", settings.AllowSpinning ? "1" : "0");
        if (settings.AllowSpinning && settings.StopSpinningAfterRun)
        {
            sessionOptions.AddSessionConfigEntry("session.force_spinning_stop", "1");
        }
        return sessionOptions;
    }
}
