// Log Analytics workspace. Used once per region (behind that region's Application
// Insights) and once globally (Front Door and Key Vault diagnostics).

@description('Workspace name.')
param name string

@description('Azure region of the workspace.')
param location string

@description('Days to keep logs. 30 is the retention included in the ingestion price.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

output id string = workspace.id
output name string = workspace.name
