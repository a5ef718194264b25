namespace EdgeFunctions.Bench;

/// <summary>Realistic single sentences of about 16 tokens, the shape of an agent's embedding call.</summary>
internal static class Sentences
{
    private static readonly string[] Subjects = ["The deployment pipeline", "Our support agent", "The billing service", "A customer in Osaka", "The nightly batch job", "The search index", "This pull request", "The on-call engineer"];
    private static readonly string[] Actions = ["failed to refresh the access token", "returned an unexpected refund amount", "asked about the annual pricing plan", "finished ahead of the usual schedule", "reported slow responses from the API", "needs a review before the release"];
    private static readonly string[] Endings = ["this morning.", "after the last update.", "for the third time.", "during peak traffic."];

    public static string[] All { get; } =
        (from s in Subjects from a in Actions from e in Endings select $"{s} {a} {e}").ToArray();
}
