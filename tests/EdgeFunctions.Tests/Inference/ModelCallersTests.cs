using EdgeFunctions.Inference;
using EdgeFunctions.Inference.Classification;
using EdgeFunctions.Inference.Models;
using EdgeFunctions.Tests.Fakes;
using EdgeFunctions.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Tests.Inference;

/// <summary>
/// A model's batcher waits for company only among calls to that model: a lone request is never
/// delayed by traffic elsewhere on the instance, but does wait for a caller of its own model.
/// </summary>
public sealed class ModelCallersTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);
    private readonly string _root = TinyModels.Create();
    private readonly SignallingTimeProvider _time = new();
    private IReadOnlyDictionary<string, ILocalModel> _models = new Dictionary<string, ILocalModel>();

    private ITextClassifier Sentiment => (ITextClassifier)_models[TinyModels.SentimentModel];

    public async Task InitializeAsync()
    {
        var options = Options.Create(new InferenceOptions { Batching = new BatchingOptions { MaxWait = MaxWait } });
        var loader = new ModelLoader(new OnnxSessionFactory(options), options, _time, NullLoggerFactory.Instance);
        _models = await loader.LoadAllAsync(_root, CancellationToken.None);
    }

    [Fact]
    public async Task LoneCall_WhileAnotherModelHasCallers_RunsWithoutWaiting()
    {
        using var busyElsewhere = _models[TinyModels.NerModel].Callers.Enter();
        using var caller = Sentiment.Callers.Enter();

        // The fake clock never moves: had the other model's caller counted as company, this would never finish.
        var result = await Sentiment.ClassifyAsync(["the movie was great"], CancellationToken.None).WaitAsync(Patience);

        Assert.Equal("POSITIVE", Assert.Single(result).Best.Label);
    }

    [Fact]
    public async Task Call_WhileAnotherCallerOfTheSameModelIsActive_WaitsForItUntilMaxWait()
    {
        using var other = Sentiment.Callers.Enter();
        using var caller = Sentiment.Callers.Enter();

        var armed = _time.TimerArmed(MaxWait);
        var call = Sentiment.ClassifyAsync(["the movie was awful"], CancellationToken.None);
        Assert.True(await armed.WaitAsync(Patience));
        Assert.False(call.IsCompleted);

        _time.Advance(MaxWait);

        Assert.Equal("NEGATIVE", Assert.Single(await call.WaitAsync(Patience)).Best.Label);
    }

    public Task DisposeAsync()
    {
        foreach (var model in _models.Values.OfType<IDisposable>())
        {
            model.Dispose();
        }

        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
