using System.Reflection;

namespace EdgeFunctions.Host.Discovery;

/// <summary>A timer-triggered function; <see cref="Schedule"/> may be a <c>%Setting%</c> reference.</summary>
public sealed record TimerFunction(string Name, MethodInfo Method, string Schedule, bool RunOnStartup);
