using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace EdgeFunctions.Host.Discovery;

/// <summary>An HTTP-triggered function as its attributes declare it.</summary>
public sealed record HttpFunction(string Name, MethodInfo Method, string Route, IReadOnlyList<string> Methods, AuthorizationLevel AuthLevel);
