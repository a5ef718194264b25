using EdgeFunctions.Caching;

namespace EdgeFunctions.Tests.Caching;

public sealed class PayloadChunksTests
{
    [Fact]
    public void Split_LargePayload_ChunksAreAtMost64KiBAndRoundTrip()
    {
        var payload = RandomBytes(300 * 1024);

        var chunks = PayloadChunks.Split(PayloadChunks.Compress(payload))!;

        Assert.True(chunks.Count >= 5);
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, 64 * 1024));
        Assert.Equal(payload, PayloadChunks.Decompress(PayloadChunks.Join(chunks)));
    }

    [Fact]
    public void Split_OverOneMiBCompressed_IsRefused()
    {
        Assert.Null(PayloadChunks.Split(PayloadChunks.Compress(RandomBytes(1100 * 1024))));
    }

    [Fact]
    public void Compress_RepetitivePayload_Shrinks()
    {
        var payload = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"label\":\"positive\",\"score\":0.9}", 500)));
        Assert.True(PayloadChunks.Compress(payload).Length < payload.Length / 10);
    }

    // Incompressible bytes, deterministic so the test is repeatable.
    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        var state = 2463534242u;
        for (var i = 0; i < length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            bytes[i] = (byte)state;
        }

        return bytes;
    }
}
