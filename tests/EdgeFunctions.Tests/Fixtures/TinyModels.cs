using System.Text.Json;
using EdgeFunctions.Tests.Fakes;

namespace EdgeFunctions.Tests.Fixtures;

/// <summary>
/// Writes a models folder holding a tiny BERT-shaped sequence classifier and NER model built by
/// <see cref="TinyOnnxModels"/>, with a small vocabulary and manifests, as a user would install them.
/// </summary>
public static class TinyModels
{
    public const string SentimentModel = "tiny-sst2";
    public const string NerModel = "tiny-ner";

    public static readonly string[] Vocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", "the", "movie", "was", "great", "awful", "john",
        "smith", "lives", "in", "paris", "new", "york", "and", "visited", "ok", "san", "##ford", "stan",
    ];

    public static readonly string[] SentimentLabels = ["NEGATIVE", "POSITIVE"];

    public static readonly string[] NerLabels = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"];

    public static string Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "edge-tiny-models-" + Guid.NewGuid().ToString("N"));
        WriteModel(root, SentimentModel, "sequence-classification", SentimentLabels, TinyOnnxModels.SequenceClassifier(SentimentWeights()));
        WriteModel(root, NerModel, "token-classification", NerLabels, TinyOnnxModels.TokenClassifier(NerWeights()));
        return root;
    }

    public static int Id(string token) => Array.IndexOf(Vocabulary, token);

    private static float[,] SentimentWeights()
    {
        var weights = new float[Vocabulary.Length, SentimentLabels.Length];
        weights[Id("great"), 1] = 4;
        weights[Id("awful"), 0] = 4;
        return weights;
    }

    private static float[,] NerWeights()
    {
        var weights = new float[Vocabulary.Length, NerLabels.Length];
        for (var token = 0; token < Vocabulary.Length; token++)
        {
            weights[token, 0] = 1;
        }

        void Tag(string token, int label) => weights[Id(token), label] = 6;
        Tag("john", 1);
        Tag("smith", 2);
        Tag("paris", 3);
        Tag("new", 3);
        Tag("york", 4);
        Tag("stan", 1);
        Tag("##ford", 2);
        return weights;
    }

    private static void WriteModel(string root, string name, string task, string[] labels, byte[] onnx)
    {
        var directory = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        File.WriteAllBytes(Path.Combine(directory, "model.onnx"), onnx);
        File.WriteAllLines(Path.Combine(directory, "vocab.txt"), Vocabulary);
        var manifest = new Dictionary<string, object>
        {
            ["name"] = name,
            ["task"] = task,
            ["files"] = new Dictionary<string, string> { ["model"] = "model.onnx", ["vocab"] = "vocab.txt" },
            ["tokenizer"] = new Dictionary<string, object> { ["type"] = "bert-wordpiece", ["lowercase"] = true },
            ["maxTokens"] = 32,
            ["labels"] = labels,
        };
        File.WriteAllText(Path.Combine(directory, "model.json"), JsonSerializer.Serialize(manifest));
    }
}

/// <summary>A self-host whose models folder holds only the tiny ONNX models.</summary>
public sealed class TinyModelsFixture : IAsyncLifetime
{
    private GatewayServer? _server;

    public string ModelsDirectory { get; } = TinyModels.Create();

    public GatewayServer Server => _server ?? throw new InvalidOperationException("The gateway has not started.");

    public async Task InitializeAsync() =>
        _server = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["Inference:ModelsDirectory"] = ModelsDirectory });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(ModelsDirectory, recursive: true);
    }
}
