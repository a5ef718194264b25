namespace EdgeFunctions.Routing;

/// <summary>Success or failure of the last N health-relevant attempts (429s are not counted: they are capacity, not health).</summary>
public sealed class OutcomeWindow(int capacity = 100)
{
    private readonly bool[] _failed = new bool[capacity];
    private readonly Lock _gate = new();
    private int _count;
    private int _next;
    private int _failures;

    public void Add(bool failed)
    {
        lock (_gate)
        {
            if (_count == _failed.Length && _failed[_next])
            {
                _failures--;
            }

            _failed[_next] = failed;
            _failures += failed ? 1 : 0;
            _next = (_next + 1) % _failed.Length;
            _count = Math.Min(_count + 1, _failed.Length);
        }
    }

    public double ErrorRate
    {
        get
        {
            lock (_gate)
            {
                return _count == 0 ? 0 : _failures / (double)_count;
            }
        }
    }
}
