using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFunctions.Host.Discovery;

/// <summary>
/// Creates a function class per invocation from DI, as the Functions worker does, and calls its
/// method with the trigger payload and a cancellation token.
/// </summary>
internal sealed class FunctionInvoker
{
    private readonly MethodInfo _method;
    private readonly ObjectFactory? _factory;
    private readonly Func<object?, CancellationToken, object?[]> _bindArguments;

    public FunctionInvoker(MethodInfo method, Type triggerType)
    {
        _method = method;
        _factory = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
        var parameters = method.GetParameters();
        _bindArguments = (trigger, cancellationToken) =>
            Array.ConvertAll(parameters, p => p.ParameterType == triggerType ? trigger : (object?)cancellationToken);
    }

    public async Task<IActionResult?> InvokeAsync(IServiceProvider services, object trigger, CancellationToken cancellationToken)
    {
        var instance = _factory?.Invoke(services, null);
        try
        {
            var returned = _method.Invoke(instance, _bindArguments(trigger, cancellationToken));
            return returned switch
            {
                Task<IActionResult> task => await task,
                ValueTask<IActionResult> task => await task,
                IActionResult result => result,
                Task task => await Completed(task),
                _ => null,
            };
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }

    private static async Task<IActionResult?> Completed(Task task)
    {
        await task;
        return null;
    }
}
