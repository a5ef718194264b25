namespace EdgeFunctions.Routing;

/// <summary>
/// The last N latency samples with percentiles over them: a windowed estimate that forgets old
/// behaviour within N calls, which an EWMA of the mean cannot do for a tail percentile.
/// </summary>
public sealed class LatencyWindow(int capacity = 64)
{
    private readonly double[] _samples = new double[capacity];
    private readonly Lock _gate = new();
    private int _count;
    private int _next;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public DateTimeOffset? LastSampleAt { get; private set; }

    public void Add(TimeSpan latency, DateTimeOffset at)
    {
        lock (_gate)
        {
            _samples[_next] = latency.TotalMilliseconds;
            _next = (_next + 1) % _samples.Length;
            _count = Math.Min(_count + 1, _samples.Length);
            LastSampleAt = at;
        }
    }

    /// <summary>The p-th percentile in milliseconds, or null with no samples.</summary>
    public double? Percentile(double p)
    {
        double[] sorted;
        lock (_gate)
        {
            if (_count == 0)
            {
                return null;
            }

            sorted = _samples[.._count];
        }

        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
