using EdgeFunctions.Providers;
using EdgeFunctions.Providers.Anthropic;
using static EdgeFunctions.Tests.Providers.Anthropic.AnthropicJson;

namespace EdgeFunctions.Tests.Providers.Anthropic;

public sealed class AnthropicErrorsTests
{
    [Fact]
    public void ToProviderException_HttpErrorWithRetryAfter_KeepsStatusAndDelay()
    {
        var body = Obj("""{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"},"request_id":"req_1"}""");

        var ex = AnthropicErrors.ToProviderException("anthropic", body, 429, TimeSpan.FromSeconds(12));

        Assert.Equal(ProviderFailureKind.RateLimited, ex.Kind);
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(12), ex.RetryAfter);
        Assert.Equal("anthropic: rate_limit_error: Number of request tokens has exceeded your per-minute rate limit", ex.Message);
    }

    [Theory]
    [InlineData(429, ProviderFailureKind.RateLimited)]
    [InlineData(408, ProviderFailureKind.Transient)]
    [InlineData(422, ProviderFailureKind.Rejected)]
    [InlineData(502, ProviderFailureKind.Transient)]
    public void ToProviderException_UnparseableBody_FallsBackToTheStatus(int status, ProviderFailureKind kind)
    {
        var ex = AnthropicErrors.ToProviderException("anthropic", body: null, status);

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
    }
}
