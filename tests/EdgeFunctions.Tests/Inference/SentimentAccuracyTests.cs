using EdgeFunctions.Inference.Classification;
using EdgeFunctions.Inference.Embeddings;
using EdgeFunctions.Inference.Models;
using EdgeFunctions.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EdgeFunctions.Tests.Inference;

/// <summary>
/// Guards the shipped sentiment classifier's accuracy on a held-out set that is never used for
/// fitting, and measures both heads so the choice in the manifest stays justified.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SentimentAccuracyTests(GatewayFixture fixture, ITestOutputHelper output)
{
    // Measured 2026-12: logistic regression 0.858, nearest centroid 0.825 held out (see docs/models.md).
    private const double MinimumAccuracy = 0.83;

    [Fact]
    public async Task Sentiment_HeldOutSet_MeetsAccuracyThreshold()
    {
        var catalog = fixture.Server.Services.GetRequiredService<ModelCatalog>();
        var classifier = (ITextClassifier)catalog.GetClassificationModel("sentiment");
        var evaluation = ExampleFile.Read(Path.Combine(AppContext.BaseDirectory, "Data", "sentiment-eval.tsv"), "eval");

        var predictions = await classifier.ClassifyAsync(evaluation.Select(e => e.Text).ToArray(), CancellationToken.None);

        var accuracy = Accuracy(evaluation, predictions);
        output.WriteLine($"sentiment held-out accuracy: {accuracy:F3} on {evaluation.Count} examples");
        Assert.True(accuracy >= MinimumAccuracy, $"held-out accuracy {accuracy:F3} is below {MinimumAccuracy}");
    }

    [Theory]
    [InlineData(ClassifierHeads.LogisticRegression)]
    [InlineData(ClassifierHeads.NearestCentroid)]
    public async Task Head_FittedOnShippedExamples_ReportsHeldOutAccuracy(string head)
    {
        var catalog = fixture.Server.Services.GetRequiredService<ModelCatalog>();
        var embedder = catalog.GetEmbeddingModel("all-MiniLM-L6-v2");
        var training = ExampleFile.Read(Path.Combine(catalog.ModelsDirectory, "sentiment", "examples.tsv"), "train");
        var evaluation = ExampleFile.Read(Path.Combine(AppContext.BaseDirectory, "Data", "sentiment-eval.tsv"), "eval");

        var classifier = await FewShotClassifier.FitAsync("candidate", "rev", head, embedder, training, CancellationToken.None);
        var predictions = await classifier.ClassifyAsync(evaluation.Select(e => e.Text).ToArray(), CancellationToken.None);

        var accuracy = Accuracy(evaluation, predictions);
        output.WriteLine($"{head}: held-out accuracy {accuracy:F3}");
        Assert.True(accuracy >= 0.75, $"{head} accuracy {accuracy:F3} is implausibly low for this data");
    }

    /// <summary>
    /// The head and its L2 strength are chosen by 5-fold cross-validation on the training examples
    /// alone, never on the held-out set: logistic regression must beat nearest centroid, and the
    /// shipped L2 is the strongest of the candidates tied for the best accuracy (the usual
    /// tie-break towards the simpler model).
    /// </summary>
    [Fact]
    public async Task HeadAndL2_CrossValidatedOnTrainingExamplesOnly_AreTheShippedOnes()
    {
        var catalog = fixture.Server.Services.GetRequiredService<ModelCatalog>();
        var embedder = catalog.GetEmbeddingModel("all-MiniLM-L6-v2");
        var training = ExampleFile.Read(Path.Combine(catalog.ModelsDirectory, "sentiment", "examples.tsv"), "train");
        var labels = training.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        var vectors = (await embedder.EmbedAsync(training.Select(e => e.Text).ToArray(), CancellationToken.None)).Select(e => e.Vector).ToArray();
        var targets = training.Select(e => Array.IndexOf(labels, e.Label)).ToArray();
        // Stratified folds: the n-th example of each label goes to fold n mod 5.
        var folds = training.Select((e, i) => training.Take(i).Count(p => p.Label == e.Label) % Folds).ToArray();
        double CrossValidate(Func<float[][], int[], IClassifierHead> fit) => Enumerable.Range(0, Folds).Average(fold =>
        {
            var train = Enumerable.Range(0, training.Count).Where(i => folds[i] != fold).ToArray();
            var head = fit(train.Select(i => vectors[i]).ToArray(), train.Select(i => targets[i]).ToArray());
            var test = Enumerable.Range(0, training.Count).Where(i => folds[i] == fold).ToArray();
            return test.Count(i => ArgMax(head.Predict(vectors[i])) == targets[i]) / (double)test.Length;
        });

        var byL2 = CandidateL2.Select(l2 => (L2: l2, Accuracy: CrossValidate((x, y) => LogisticRegressionHead.Fit(x, y, labels.Length, l2)))).ToArray();
        var centroid = CrossValidate((x, y) => NearestCentroidHead.Fit(x, y, labels.Length));

        foreach (var (l2, accuracy) in byL2)
        {
            output.WriteLine($"logistic regression, L2 {l2:G}: {Folds}-fold cross-validated accuracy {accuracy:F3}");
        }

        output.WriteLine($"nearest centroid: {Folds}-fold cross-validated accuracy {centroid:F3}");
        var best = byL2.Max(x => x.Accuracy);
        Assert.Equal(LogisticRegressionHead.DefaultL2, byL2.Where(x => x.Accuracy >= best - 1e-9).Max(x => x.L2));
        Assert.True(best > centroid, $"nearest centroid ({centroid:F3}) cross-validates at least as well as logistic regression ({best:F3})");
    }

    [Fact]
    public void Evaluation_SharesNoSentenceWithTraining()
    {
        var catalog = fixture.Server.Services.GetRequiredService<ModelCatalog>();
        var training = ExampleFile.Read(Path.Combine(catalog.ModelsDirectory, "sentiment", "examples.tsv"), "train").Select(e => e.Text.ToLowerInvariant()).ToHashSet();
        var evaluation = ExampleFile.Read(Path.Combine(AppContext.BaseDirectory, "Data", "sentiment-eval.tsv"), "eval");

        Assert.True(evaluation.Count >= 90);
        Assert.DoesNotContain(evaluation, e => training.Contains(e.Text.ToLowerInvariant()));
    }

    private const int Folds = 5;

    private static readonly float[] CandidateL2 = [0f, 1e-4f, 1e-3f, 1e-2f, 3e-2f, 1e-1f];

    private static int ArgMax(float[] values) => Array.IndexOf(values, values.Max());

    private static double Accuracy(List<(string Label, string Text)> evaluation, Classification[] predictions) =>
        evaluation.Zip(predictions).Count(x => x.First.Label == x.Second.Best.Label) / (double)evaluation.Count;
}
