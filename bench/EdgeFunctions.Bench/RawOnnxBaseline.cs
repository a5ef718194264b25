using System.Diagnostics;
using EdgeFunctions.Inference;
using EdgeFunctions.Inference.Batching;
using EdgeFunctions.Inference.Embeddings;
using EdgeFunctions.Inference.Models;
using EdgeFunctions.Inference.Tokenization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Bench;

/// <summary>
/// The limit: the self-host's ONNX Runtime session settings with no HTTP, no queue, no batcher —
/// tokenize, run, pool, called directly on the benchmark thread.
/// </summary>
internal sealed class RawOnnxBaseline : IDisposable
{
    private readonly OnnxEmbeddingModel _model;
    private readonly BertWordPieceTokenizer _tokenizer;

    public RawOnnxBaseline(string modelsDirectory)
    {
        var manifest = ModelLoader.ReadManifests(modelsDirectory).Single(m => m.Name == "all-MiniLM-L6-v2");
        // The same Inference settings as the self-host, which inherits this process's environment
        // (for example Inference__AllowSpinning=true), so both sides always run alike.
        var settings = new InferenceOptions();
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(InferenceOptions.SectionName).Bind(settings);
        var options = Options.Create(settings);
        var session = new OnnxSessionFactory(options).Create(manifest.PathOf("model"));
        _tokenizer = BertWordPieceTokenizer.Load(manifest.PathOf("vocab"), lowercase: true);
        _model = new OnnxEmbeddingModel(manifest, "bench", session, _tokenizer,
            (run, _) => new MicroBatcher<float[]>("raw", run, options.Value.Batching, () => 0, TimeProvider.System, NullLogger.Instance));
    }

    public float[][] Embed(IReadOnlyList<string> texts) =>
        _model.Run(texts.Select(t => _tokenizer.Encode(t, 256)).ToArray());

    /// <summary>One sentence per run, back to back, for <paramref name="duration"/>; the latency of each run in ms.</summary>
    public List<double> SingleSentenceLatency(TimeSpan duration)
    {
        var samples = new List<double>();
        var sentences = Sentences.All;
        var clock = Stopwatch.StartNew();
        for (var i = 0; clock.Elapsed < duration && i < 100_000; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Embed([sentences[i % sentences.Length]]);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return samples;
    }

    /// <summary>Runs of <paramref name="batchSize"/> sentences, back to back: how many sentences in how many seconds.</summary>
    public (long Sentences, double Seconds) BatchedThroughput(int batchSize, TimeSpan duration)
    {
        var sentences = Sentences.All;
        var done = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; clock.Elapsed < duration && i < 100_000; i++)
        {
            Embed(Enumerable.Range(i * batchSize, batchSize).Select(j => sentences[j % sentences.Length]).ToArray());
            done += batchSize;
        }

        return (done, clock.Elapsed.TotalSeconds);
    }

    public void Dispose() => _model.Dispose();
}
