namespace EdgeFunctions.Infra.Tests;

internal static class ResourceTypes
{
    public const string Deployment = "Microsoft.Resources/deployments";
    public const string Site = "Microsoft.Web/sites";
    public const string SiteConfig = "Microsoft.Web/sites/config";
    public const string Plan = "Microsoft.Web/serverfarms";
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string Table = "Microsoft.Storage/storageAccounts/tableServices/tables";
    public const string BlobContainer = "Microsoft.Storage/storageAccounts/blobServices/containers";
    public const string Identity = "Microsoft.ManagedIdentity/userAssignedIdentities";
    public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    public const string AppInsights = "Microsoft.Insights/components";
    public const string Workspace = "Microsoft.OperationalInsights/workspaces";
    public const string KeyVault = "Microsoft.KeyVault/vaults";
    public const string FrontDoor = "Microsoft.Cdn/profiles";
    public const string Endpoint = "Microsoft.Cdn/profiles/afdEndpoints";
    public const string OriginGroup = "Microsoft.Cdn/profiles/originGroups";
    public const string Origin = "Microsoft.Cdn/profiles/originGroups/origins";
    public const string Route = "Microsoft.Cdn/profiles/afdEndpoints/routes";
    public const string SecurityPolicy = "Microsoft.Cdn/profiles/securityPolicies";
    public const string WafPolicy = "Microsoft.Network/FrontDoorWebApplicationFirewallPolicies";
}

/// <summary>Built-in Azure role definition ids (the same in every Azure cloud).</summary>
internal static class BuiltInRoles
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
}
