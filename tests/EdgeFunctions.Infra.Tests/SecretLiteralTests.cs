using System.Text.RegularExpressions;
using Xunit;

namespace EdgeFunctions.Infra.Tests;

/// <summary>No secret is ever a literal in a template, a parameter file or an app setting.</summary>
public sealed partial class SecretLiteralTests
{
    [Fact]
    public void InfraFiles_AllText_ContainNoCredentialLikeLiterals()
    {
        foreach (var file in Directory.EnumerateFiles(RepoLayout.Infra, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            var match = CredentialLike().Match(text);
            Assert.False(match.Success, $"{Path.GetRelativePath(RepoLayout.Root, file)} contains a credential-like literal near '{Mask(match.Value)}'.");
        }
    }

    [Fact]
    public void AppSettings_EveryValue_IsAReferenceExpressionOrNonSecretLiteral()
    {
        foreach (var (site, settings) in AppSettingsTests.Settings(CompiledDeployment.Production))
        {
            foreach (var (name, value) in settings)
            {
                if (value.StartsWith(AppSettingsContract.KeyVaultReferencePrefix, StringComparison.Ordinal) || value.IsExpression())
                {
                    continue;
                }

                Assert.False(CredentialLike().IsMatch(value), $"{site.Str("name")}: {name} looks like a credential.");
                Assert.False(LongToken().IsMatch(value), $"{site.Str("name")}: {name} holds a long opaque token; secrets belong in Key Vault.");
            }
        }
    }

    [Fact]
    public void Parameters_Production_DeclareNoSecretOrKeyParameters()
    {
        var template = CompiledDeployment.Production.Template;
        foreach (var (name, definition) in template["parameters"]!.AsObject())
        {
            var type = definition.Str("type") ?? "";
            Assert.False(type.StartsWith("secure", StringComparison.OrdinalIgnoreCase), $"{name} is a secure parameter; secrets go to Key Vault, not parameters.");
            // tenantKeyHashes holds SHA-256 hashes of keys, which are not secrets.
            Assert.False(SecretName().IsMatch(name) && name != "tenantKeyHashes", $"Parameter {name} looks like it carries a secret.");
        }
    }

    private static string Mask(string value) => value.Length <= 6 ? value : value[..6] + "…";

    // Known provider and Azure key shapes: OpenAI/Anthropic (sk-…), Google (AIza…),
    // storage connection strings, SAS signatures, PEM private keys.
    [GeneratedRegex(@"sk-[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{30,}|AccountKey=|SharedAccessSignature=|[?&]sig=[A-Za-z0-9%]{20,}|-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex CredentialLike();

    // 32+ characters of base64/hex alphabet with no separators: an opaque key.
    [GeneratedRegex(@"^[A-Za-z0-9+/=_-]{32,}$")]
    private static partial Regex LongToken();

    [GeneratedRegex("(?i)(secret|password|apikey|api_key|token|connectionstring)")]
    private static partial Regex SecretName();
}
