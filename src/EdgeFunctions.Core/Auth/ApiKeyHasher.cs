using System.Security.Cryptography;
using System.Text;

namespace EdgeFunctions.Auth;

/// <summary>Keys are stored as SHA-256 hex so that configuration never holds a usable key.</summary>
public static class ApiKeyHasher
{
    public static string Hash(string apiKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    public static bool IsValidHash(string value) =>
        value.Length == 64 && value.All(c => char.IsAsciiDigit(c) || (c >= 'a' && c <= 'f'));
}
