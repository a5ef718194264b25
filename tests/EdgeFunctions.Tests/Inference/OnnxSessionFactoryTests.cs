using EdgeFunctions.Inference;
using EdgeFunctions.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace EdgeFunctions.Tests.Inference;

public sealed class OnnxSessionFactoryTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Create_EachSpinningSetting_RunsTheModelWithTheSameOutput(bool allowSpinning, bool stopAfterRun)
    {
        var weights = new float[4, 2];
        weights[2, 1] = 3;
        var factory = new OnnxSessionFactory(Options.Create(new InferenceOptions { AllowSpinning = allowSpinning, StopSpinningAfterRun = stopAfterRun, IntraOpThreads = 2 }));
        using var session = factory.Create(TinyOnnxModels.SequenceClassifier(weights));
        long[] ids = [0, 2, 2];
        using var inputIds = OrtValue.CreateTensorValueFromMemory(ids, [1, 3]);
        using var mask = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 1, 1 }, [1, 3]);
        using var types = OrtValue.CreateTensorValueFromMemory(new long[3], [1, 3]);
        using var runOptions = new RunOptions();

        using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [inputIds, mask, types], ["logits"]);

        Assert.Equal([0f, 6f], outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }
}
