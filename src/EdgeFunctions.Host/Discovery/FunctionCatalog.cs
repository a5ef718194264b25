using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EdgeFunctions.Host.Discovery;

/// <summary>
/// Finds functions the way the Functions SDK does: public methods with <see cref="FunctionAttribute"/>
/// whose parameter carries <see cref="HttpTriggerAttribute"/> or <see cref="TimerTriggerAttribute"/>.
/// The attributes are the one source of truth for routes in both hosts.
/// </summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(IReadOnlyList<HttpFunction> http, IReadOnlyList<TimerFunction> timers)
    {
        Http = http;
        Timers = timers;
    }

    public IReadOnlyList<HttpFunction> Http { get; }

    public IReadOnlyList<TimerFunction> Timers { get; }

    public static FunctionCatalog Discover(params Assembly[] assemblies)
    {
        var http = new List<HttpFunction>();
        var timers = new List<TimerFunction>();
        var methods = assemblies
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static));
        foreach (var method in methods)
        {
            var function = method.GetCustomAttribute<FunctionAttribute>();
            if (function is null)
            {
                continue;
            }

            foreach (var parameter in method.GetParameters())
            {
                if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } httpTrigger)
                {
                    EnsureBindable(function.Name, method, typeof(HttpRequest));
                    http.Add(new HttpFunction(function.Name, method, httpTrigger.Route ?? function.Name,
                        (httpTrigger.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToArray(), httpTrigger.AuthLevel));
                }
                else if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timerTrigger)
                {
                    EnsureBindable(function.Name, method, typeof(TimerInfo));
                    timers.Add(new TimerFunction(function.Name, method, timerTrigger.Schedule, timerTrigger.RunOnStartup));
                }
            }
        }

        var duplicate = http.Concat<object>(timers).GroupBy(f => f is HttpFunction h ? h.Name : ((TimerFunction)f).Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two functions are named '{duplicate.Key}'.");
        }

        return new FunctionCatalog(http.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray(), timers.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray());
    }

    // The self-host supplies only what both hosts can: the trigger payload and a cancellation token.
    private static void EnsureBindable(string name, MethodInfo method, Type triggerType)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.ParameterType != triggerType && parameter.ParameterType != typeof(CancellationToken))
            {
                throw new InvalidOperationException(
                    $"Function '{name}' takes a {parameter.ParameterType.Name}; the self-host binds only {triggerType.Name} and CancellationToken.");
            }
        }
    }
}
