// One regional stamp: identity, monitoring, storage, Function App, and the identity's
// read access to the shared Key Vault. main.bicep deploys this once per region into
// that region's own resource group, so a region can be added or removed on its own.

import { providerKeyVaultSecretNames, schedules, scaleSettings, tenantKeyHashMap } from 'types.bicep'

@description('Short prefix shared by every resource name of this deployment.')
param namePrefix string

@description('Azure region of the stamp, e.g. japaneast.')
param location string

@description('Shared Key Vault name and the resource group that holds it.')
param keyVaultName string
param globalResourceGroupName string

param providerSecretNames providerKeyVaultSecretNames

@description('Azure OpenAI v1 endpoint; empty disables that provider.')
param azureOpenAiEndpoint string
param tenantHashes tenantKeyHashMap
param timerSchedules schedules
param scale scaleSettings

@description('Tables the app uses (response cache, routing scores).')
param tableNames string[]

@description('Blob container for the app package.')
param deploymentContainerName string

param frontDoorId string
param lockToFrontDoor bool
param operatorCidrs string[]

@minValue(30)
param logRetentionDays int

param tags object = {}

// Deterministic per resource group, so re-deploying finds the same accounts.
var suffix = uniqueString(resourceGroup().id)
var storageAccountName = 'st${take(toLower(replace(namePrefix, '-', '')), 8)}${take(suffix, 12)}'
var stampTags = union(tags, { 'edge-region': location })

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${namePrefix}-${location}'
  location: location
  tags: stampTags
}

module logs 'logs.bicep' = {
  name: 'logs-${location}'
  params: {
    name: 'log-${namePrefix}-${location}'
    location: location
    retentionInDays: logRetentionDays
    tags: stampTags
  }
}

module appInsights 'appinsights.bicep' = {
  name: 'appi-${location}'
  params: {
    name: 'appi-${namePrefix}-${location}'
    location: location
    workspaceId: logs.outputs.id
    tags: stampTags
  }
}

module storage 'storage.bicep' = {
  name: 'storage-${location}'
  params: {
    name: storageAccountName
    location: location
    tableNames: tableNames
    deploymentContainerName: deploymentContainerName
    principalId: identity.properties.principalId
    tags: stampTags
  }
}

// The role assignment lives on the vault, in the global resource group.
module vaultAccess 'keyvault-access.bicep' = {
  name: 'kv-access-${location}'
  scope: resourceGroup(globalResourceGroupName)
  params: {
    vaultName: keyVaultName
    principalId: identity.properties.principalId
  }
}

module functionApp 'functionapp.bicep' = {
  name: 'func-${location}'
  params: {
    name: 'func-${namePrefix}-${location}-${take(suffix, 6)}'
    planName: 'plan-${namePrefix}-${location}'
    location: location
    identityId: identity.id
    identityClientId: identity.properties.clientId
    storageAccountName: storage.outputs.name
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: appInsights.outputs.connectionString
    keyVaultName: keyVaultName
    providerSecretNames: providerSecretNames
    azureOpenAiEndpoint: azureOpenAiEndpoint
    tenantHashes: tenantHashes
    timerSchedules: timerSchedules
    scale: scale
    frontDoorId: frontDoorId
    lockToFrontDoor: lockToFrontDoor
    operatorCidrs: operatorCidrs
    tags: stampTags
  }
  // Start the app only once it can read its secrets, so Key Vault references resolve
  // on first start instead of after the 24-hour refresh.
  dependsOn: [
    vaultAccess
  ]
}

output region string = location
output functionAppName string = functionApp.outputs.name
output hostName string = functionApp.outputs.defaultHostName
output storageAccountName string = storage.outputs.name
output identityPrincipalId string = identity.properties.principalId
