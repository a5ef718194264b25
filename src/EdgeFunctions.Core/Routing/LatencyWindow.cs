namespace EdgeFunctions.Routing;

/// <summary>
/// The last N latency samples with percentiles over them: a windowed estimate that forgets old
/// behaviour within N calls, which an EWMA of the mean cannot do for a tail percentile. Callers
/// may also ignore samples older than a cut-off, so a deployment that stopped getting traffic
/// (because it was slow) is tried again once its bad samples have aged out.
/// </summary>
public sealed class LatencyWindow(int capacity = 64)
{
    private readonly double[] _samples = new double[capacity];
    private readonly DateTimeOffset[] _times = new DateTimeOffset[capacity];
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

    public void Add(TimeSpan latency, DateTimeOffset at)
    {
        lock (_gate)
        {
            _samples[_next] = latency.TotalMilliseconds;
            _times[_next] = at;
            _next = (_next + 1) % _samples.Length;
            _count = Math.Min(_count + 1, _samples.Length);
        }
    }

    /// <summary>How many samples were taken at or after <paramref name="notBefore"/>.</summary>
    public int CountSince(DateTimeOffset notBefore) => Samples(notBefore).Length;

    /// <summary>The p-th percentile in milliseconds of the samples since <paramref name="notBefore"/> (all when null), or null with none.</summary>
    public double? Percentile(double p, DateTimeOffset? notBefore = null)
    {
        var sorted = Samples(notBefore);
        if (sorted.Length == 0)
        {
            return null;
        }

        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private double[] Samples(DateTimeOffset? notBefore)
    {
        lock (_gate)
        {
            if (notBefore is not { } cutoff)
            {
                return _samples[.._count];
            }

            var kept = new List<double>(_count);
            for (var i = 0; i < _count; i++)
            {
                if (_times[i] >= cutoff)
                {
                    kept.Add(_samples[i]);
                }
            }

            return [.. kept];
        }
    }
}
