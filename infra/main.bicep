// EdgeFunctions: one regional stamp per region behind one Azure Front Door.
//
//   rg-<prefix>-global    Key Vault (provider keys), Front Door + WAF, global logs
//   rg-<prefix>-<region>  identity, storage, monitoring, Flex Consumption Function App
//
// Deploy with scripts/deploy.sh (what-if, deploy, publish, smoke test). The parameter
// values for production live in main.bicepparam; nothing secret is a parameter.

targetScope = 'subscription'

import { scaleSettings, tenantKeyHashMap } from 'modules/types.bicep'

@description('Short prefix for every resource name (lowercase letters, digits, hyphens).')
@minLength(2)
@maxLength(10)
param namePrefix string

@description('Regions that get a stamp, e.g. japaneast. Each must offer Flex Consumption.')
@minLength(1)
param regions string[]

@description('Region of the global resource group, the Key Vault and the global log workspace.')
param globalLocation string

@allowed([
  'Standard_AzureFrontDoor'
  'Premium_AzureFrontDoor'
])
param frontDoorSku string = 'Standard_AzureFrontDoor'

@description('Requests per minute one client IP may send through Front Door.')
@minValue(100)
param wafRateLimitPerMinute int = 6000

@allowed([
  'Prevention'
  'Detection'
])
param wafMode string = 'Prevention'

@description('Anonymous health route of the app (host.json routePrefix is empty).')
param healthProbePath string = '/healthz'

@description('Tenant name to SHA-256 hex hashes of its API keys (hashes only, never keys).')
param tenantKeyHashes tenantKeyHashMap = {}

@description('Azure OpenAI v1 endpoint (https://<resource>.openai.azure.com/openai/v1). Empty leaves that provider disabled.')
param azureOpenAiEndpoint string = ''

@description('NCrontab (with seconds) for the expired-cache purge timer.')
param cachePurgeSchedule string = '0 */15 * * * *'

@description('NCrontab (with seconds) for the provider probe timer.')
param routingProbeSchedule string = '*/30 * * * * *'

@description('Flex Consumption scale settings, the same in every region.')
param scale scaleSettings = {
  alwaysReadyHttpInstances: 1
  instanceMemoryMB: 2048
  maximumInstanceCount: 100
}

@description('Only this Front Door profile (and operatorCidrs) may call the Function Apps directly.')
param lockOriginsToFrontDoor bool = true

@description('CIDRs allowed to call the Function Apps directly (operators, CI smoke tests).')
param operatorCidrs string[] = []

@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Send Front Door per-request access logs to Log Analytics (cost grows with traffic).')
param frontDoorAccessLogs bool = false

param tags object = {}

// Health probe: every 30 s, healthy while at least 3 of the last 4 probes succeeded.
// docs/operations.md derives the failover time from these three numbers.
var probe = {
  intervalInSeconds: 30
  sampleSize: 4
  successfulSamplesRequired: 3
  additionalLatencyInMilliseconds: 50
}

// Key Vault secret names the app settings reference (values are set by operators).
var providerSecretNames = {
  openai: 'openai-api-key'
  anthropic: 'anthropic-api-key'
  gemini: 'gemini-api-key'
  azureopenai: 'azureopenai-api-key'
}

var tableNames = [
  'cache' // L2 response cache
  'routing' // provider scores, PartitionKey = region
]

var allTags = union(tags, {
  application: 'edgefunctions'
  'managed-by': 'bicep'
})
var globalRgName = 'rg-${namePrefix}-global'
var keyVaultName = 'kv-${namePrefix}-${take(uniqueString(subscription().id, namePrefix), 8)}'

resource globalRg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: globalRgName
  location: globalLocation
  tags: allTags
}

resource regionRgs 'Microsoft.Resources/resourceGroups@2025-04-01' = [
  for region in regions: {
    name: 'rg-${namePrefix}-${region}'
    location: region
    tags: union(allTags, { 'edge-region': region })
  }
]

module globalLogs 'modules/logs.bicep' = {
  name: 'global-logs'
  scope: globalRg
  params: {
    name: 'log-${namePrefix}-global'
    location: globalLocation
    retentionInDays: logRetentionDays
    tags: allTags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: globalRg
  params: {
    name: keyVaultName
    location: globalLocation
    workspaceId: globalLogs.outputs.id
    tags: allTags
  }
}

module frontDoor 'modules/frontdoor.bicep' = {
  name: 'frontdoor'
  scope: globalRg
  params: {
    name: 'afd-${namePrefix}'
    endpointName: namePrefix
    sku: frontDoorSku
    rateLimitPerMinute: wafRateLimitPerMinute
    wafMode: wafMode
    originResponseTimeoutSeconds: 240
    workspaceId: globalLogs.outputs.id
    accessLogs: frontDoorAccessLogs
    tags: allTags
  }
}

module stamps 'modules/stamp.bicep' = [
  for (region, i) in regions: {
    name: 'stamp-${region}'
    scope: regionRgs[i]
    params: {
      namePrefix: namePrefix
      location: region
      keyVaultName: keyVault.outputs.name
      globalResourceGroupName: globalRg.name
      providerSecretNames: providerSecretNames
      azureOpenAiEndpoint: azureOpenAiEndpoint
      tenantHashes: tenantKeyHashes
      timerSchedules: {
        cachePurge: cachePurgeSchedule
        routingProbe: routingProbeSchedule
      }
      scale: scale
      tableNames: tableNames
      deploymentContainerName: 'app-package'
      frontDoorId: frontDoor.outputs.frontDoorId
      lockToFrontDoor: lockOriginsToFrontDoor
      operatorCidrs: operatorCidrs
      logRetentionDays: logRetentionDays
      tags: allTags
    }
  }
]

module frontDoorOrigins 'modules/frontdoor-origins.bicep' = {
  name: 'frontdoor-origins'
  scope: globalRg
  params: {
    profileName: frontDoor.outputs.profileName
    endpointName: frontDoor.outputs.endpointName
    origins: [
      for (region, i) in regions: {
        region: region
        hostName: stamps[i].outputs.hostName
      }
    ]
    healthProbePath: healthProbePath
    probeIntervalInSeconds: probe.intervalInSeconds
    sampleSize: probe.sampleSize
    successfulSamplesRequired: probe.successfulSamplesRequired
    additionalLatencyInMilliseconds: probe.additionalLatencyInMilliseconds
  }
}

output globalResourceGroup string = globalRg.name
output keyVaultName string = keyVault.outputs.name
output frontDoorHostName string = frontDoor.outputs.endpointHostName
output healthProbePath string = healthProbePath
output stamps object[] = [
  for (region, i) in regions: {
    region: region
    resourceGroup: regionRgs[i].name
    functionAppName: stamps[i].outputs.functionAppName
    hostName: stamps[i].outputs.hostName
  }
]
