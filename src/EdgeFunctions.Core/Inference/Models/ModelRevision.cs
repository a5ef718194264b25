using System.Security.Cryptography;
using System.Text;

namespace EdgeFunctions.Inference.Models;

/// <summary>
/// A model's revision: a hash over the hashes of everything that shapes its output (weights,
/// vocabulary, training examples), so that cache keys change whenever any of them does.
/// </summary>
public static class ModelRevision
{
    public static string Combine(params IEnumerable<string> parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..16];

    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
