using EdgeFunctions.Api;
using EdgeFunctions.Api.Classification;
using EdgeFunctions.Api.Embeddings;
using EdgeFunctions.Api.Entities;
using EdgeFunctions.Api.Health;
using EdgeFunctions.Api.Models;
using EdgeFunctions.Auth;
using EdgeFunctions.Inference;
using EdgeFunctions.Inference.Batching;
using EdgeFunctions.Inference.Classification;
using EdgeFunctions.Inference.Models;
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

        services.AddSingleton<ActiveRequests>();
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
        return services;
    }
}
