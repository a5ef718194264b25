// Key Vault for the upstream providers' API keys. RBAC mode: no access policies; each
// regional identity gets "Key Vault Secrets User" through keyvault-access.bicep.
// The templates create no secrets: operators put them in with `az keyvault secret set`
// (docs/operations.md), so no key ever passes through a template or a parameter file.

@description('Vault name (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault. Key Vault replicates its contents to the paired region.')
param location string

@description('Log Analytics workspace that receives the vault audit log.')
param workspaceId string

param tags object = {}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // Flex Consumption apps without VNet integration resolve Key Vault references over
    // the public endpoint, so the vault stays reachable; RBAC is the gate.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
