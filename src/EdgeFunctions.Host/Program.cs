namespace EdgeFunctions.Host;

public static class Program
{
    public static Task Main(string[] args) => GatewayHost.Build(args).RunAsync();
}
