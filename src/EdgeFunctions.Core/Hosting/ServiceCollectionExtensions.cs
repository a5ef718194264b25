using EdgeFunctions.Api;
using EdgeFunctions.Api.Classification;
using EdgeFunctions.Api.Embeddings;
using EdgeFunctions.Api.Entities;
using EdgeFunctions.Api.Health;
using EdgeFunctions.Api.Models;
using EdgeFunctions.Api.Chat;
using EdgeFunctions.Api.Routing;
using EdgeFunctions.Api.Stats;
using EdgeFunctions.Auth;
using EdgeFunctions.Caching;
using EdgeFunctions.Inference;
using EdgeFunctions.Inference.Batching;
using EdgeFunctions.Inference.Classification;
using EdgeFunctions.Inference.Models;
using EdgeFunctions.Probing;
using EdgeFunctions.Providers;
using EdgeFunctions.Routing;
using EdgeFunctions.Storage;
using EdgeFunctions.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers everything both hosts share: options (validated at start), models and API services.</summary>
    public static IServiceCollection AddEdgeFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptionsWithValidateOnStart<EdgeFunctionsOptions>().Bind(configuration.GetSection(EdgeFunctionsOptions.SectionName));
        services.AddSingleton<IValidateOptions<EdgeFunctionsOptions>, EdgeFunctionsOptionsValidator>();
        services.AddOptionsWithValidateOnStart<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName));
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddOptionsWithValidateOnStart<InferenceOptions>().Bind(configuration.GetSection(InferenceOptions.SectionName));
        services.AddSingleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>();
        services.AddOptionsWithValidateOnStart<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName));
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        services.AddOptionsWithValidateOnStart<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptionsWithValidateOnStart<CacheOptions>().Bind(configuration.GetSection(CacheOptions.SectionName));
        services.AddSingleton<IValidateOptions<CacheOptions>, CacheOptionsValidator>();
        AddCache(services);

        services.AddSingleton<RequestCounters>();
        services.AddSingleton<OnnxSessionFactory>();
        services.AddSingleton<ModelLoader>();
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<ZeroShotClassifier>();
        services.AddHostedService<ModelWarmup>();

        services.AddSingleton<TenantAuthenticator>();
        services.AddSingleton<JsonRequestReader>();
        services.AddSingleton<ApiHandler>();
        services.AddSingleton<EmbeddingsService>();
        services.AddSingleton<EmbeddingsEndpoint>();
        services.AddSingleton<ClassificationService>();
        services.AddSingleton<ClassificationEndpoint>();
        services.AddSingleton<EntitiesService>();
        services.AddSingleton<EntitiesEndpoint>();
        services.AddSingleton<ModelsService>();
        services.AddSingleton<ModelsEndpoint>();
        services.AddSingleton<HealthService>();
        services.AddSingleton<StatsService>();
        services.AddSingleton<StatsEndpoint>();
        AddGeneration(services, configuration);
        return services;
    }

    private static void AddGeneration(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<GenerationOptions>().Configure(options =>
        {
            configuration.GetSection("Providers").Bind(options.Providers);
            configuration.GetSection("ModelGroups").Bind(options.ModelGroups);
        });
        services.AddSingleton<IValidateOptions<GenerationOptions>, GenerationOptionsValidator>();
        services.AddOptionsWithValidateOnStart<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.SectionName));
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        services.AddSingleton<ProviderCatalog>();
        services.AddSingleton<RoutingState>();
        services.AddSingleton<ProviderPipelines>();
        services.AddSingleton<IProviderCircuits>(sp => sp.GetRequiredService<ProviderPipelines>());
        services.AddSingleton<Router>();
        services.AddSingleton<ChatExecutor>();
        services.AddSingleton<PromptTokenEstimator>();
        services.AddSingleton<ChatService>();
        services.AddSingleton<ChatEndpoint>();
        services.AddSingleton<RoutingReportService>();
        services.AddSingleton<RoutingEndpoint>();
        services.AddSingleton<RoutingScoreStore>();
        services.AddSingleton<ProviderProber>();
        services.AddHostedService<RoutingWarmup>();
    }

    private static void AddCache(IServiceCollection services)
    {
        services.AddSingleton<TableClientFactory>();
        services.AddSingleton<CacheStats>();
        services.AddSingleton<MemoryCacheTier>();
        services.AddSingleton<TableResponseStore>();
        services.AddSingleton<IResponseStore>(sp =>
        {
            var factory = sp.GetRequiredService<TableClientFactory>();
            return factory.IsConfigured
                ? ActivatorUtilities.CreateInstance<ResilientResponseStore>(sp, sp.GetRequiredService<TableResponseStore>())
                : new NullResponseStore();
        });
        services.AddSingleton(sp => new CacheWriteQueue(
            sp.GetRequiredService<IResponseStore>(), sp.GetRequiredService<CacheStats>(), sp.GetRequiredService<IOptions<CacheOptions>>().Value.WriteQueueCapacity));
        services.AddSingleton<ResponseCache>();
        services.AddSingleton<CachePurger>();
        services.AddHostedService<CacheStartupReport>();
    }
}
