// Flex Consumption plan and Function App (.NET 10 isolated worker) for one stamp.
// Every value the app reads at run time is set here, under the exact configuration
// names the app binds (ASP.NET-style `__` separators).

import { providerKeyVaultSecretNames, schedules, scaleSettings, tenantKeyHashMap } from 'types.bicep'

@description('Function App name (globally unique host name).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region of the stamp; also the value of EdgeFunctions__Region.')
param location string

@description('Resource id of the stamp user-assigned identity.')
param identityId string

@description('Client id of that identity (AZURE_CLIENT_ID and AzureWebJobsStorage__clientId).')
param identityClientId string

@description('Storage account for host state, the cache and the routing tables.')
param storageAccountName string

@description('Table endpoint of that account, e.g. https://<account>.table.core.windows.net/.')
param tableEndpoint string

@description('Blob container URL the Flex Consumption platform deploys the package from.')
param deploymentContainerUrl string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Name of the shared Key Vault that holds the provider API keys.')
param keyVaultName string

param providerSecretNames providerKeyVaultSecretNames

@description('Azure OpenAI v1 endpoint; empty disables that provider.')
param azureOpenAiEndpoint string
param tenantHashes tenantKeyHashMap
param timerSchedules schedules
param scale scaleSettings

@description('Front Door profile id (X-Azure-FDID) that may call this app when locked.')
param frontDoorId string

@description('When true, only that Front Door profile and operatorCidrs reach the app directly.')
param lockToFrontDoor bool

@description('CIDR ranges (operators, CI) allowed to call the app directly, e.g. for smoke tests.')
param operatorCidrs string[]

param tags object = {}

func keyVaultRef(vault string, secret string) string => '@Microsoft.KeyVault(VaultName=${vault};SecretName=${secret})'

// Names below are the app's configuration contract; tests/EdgeFunctions.Infra.Tests
// checks them against the compiled template.
var coreSettings = {
  EdgeFunctions__Region: location
  Storage__TableEndpoint: tableEndpoint
  AZURE_CLIENT_ID: identityClientId
  Cache__PurgeSchedule: timerSchedules.cachePurge
  Routing__ProbeSchedule: timerSchedules.routingProbe
  // Each provider's protocol and endpoint; models, prices and groups are operator settings
  // (docs/routing.md), added as Providers__<id>__Models__<model>__... and ModelGroups__<group>__<i>.
  Providers__openai__Kind: 'openai'
  Providers__openai__Endpoint: 'https://api.openai.com/v1'
  Providers__openai__ApiKey: keyVaultRef(keyVaultName, providerSecretNames.openai)
  Providers__anthropic__Kind: 'anthropic'
  Providers__anthropic__Endpoint: 'https://api.anthropic.com/v1'
  Providers__anthropic__ApiKey: keyVaultRef(keyVaultName, providerSecretNames.anthropic)
  Providers__gemini__Kind: 'openai'
  Providers__gemini__Endpoint: 'https://generativelanguage.googleapis.com/v1beta/openai'
  Providers__gemini__ApiKey: keyVaultRef(keyVaultName, providerSecretNames.gemini)
  Providers__azureopenai__Kind: 'openai'
  Providers__azureopenai__Enabled: string(!empty(azureOpenAiEndpoint))
  Providers__azureopenai__Endpoint: empty(azureOpenAiEndpoint) ? 'https://disabled.invalid/openai/v1' : azureOpenAiEndpoint
  Providers__azureopenai__ApiKeyHeader: 'api-key'
  Providers__azureopenai__ApiKey: keyVaultRef(keyVaultName, providerSecretNames.azureopenai)
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  // Identity-based host storage. Flex Consumption sets the runtime and version through
  // functionAppConfig, so FUNCTIONS_EXTENSION_VERSION/FUNCTIONS_WORKER_RUNTIME are absent.
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
}

// Auth__Tenants__<tenant>__KeyHashes__<i> for every hash of every tenant.
var tenantSettings = reduce(
  items(tenantHashes),
  {},
  (acc, tenant) =>
    union(
      acc,
      toObject(
        range(0, length(tenant.value)),
        i => 'Auth__Tenants__${tenant.key}__KeyHashes__${i}',
        i => tenant.value[i]
      )
    )
)

var frontDoorRule = {
  name: 'front-door'
  action: 'Allow'
  priority: 100
  tag: 'ServiceTag'
  ipAddress: 'AzureFrontDoor.Backend'
  headers: {
    'x-azure-fdid': [frontDoorId]
  }
}

var operatorRules = [
  for (cidr, i) in operatorCidrs: {
    name: 'operator-${i}'
    action: 'Allow'
    priority: 200 + i
    ipAddress: cidr
  }
]

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      ipSecurityRestrictionsDefaultAction: lockToFrontDoor ? 'Deny' : 'Allow'
      ipSecurityRestrictions: concat(lockToFrontDoor ? [frontDoorRule] : [], operatorRules)
      // Deployments go through the SCM endpoint with Entra ID tokens, not through Front Door.
      scmIpSecurityRestrictionsUseMain: false
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        alwaysReady: [
          {
            name: 'http'
            instanceCount: scale.alwaysReadyHttpInstances
          }
        ]
        instanceMemoryMB: scale.instanceMemoryMB
        maximumInstanceCount: scale.maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: union(coreSettings, tenantSettings)
}

// No FTP or basic-auth publishing: deploy.sh publishes with an Entra ID token.
resource ftpPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName
