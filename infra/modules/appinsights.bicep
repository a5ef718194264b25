// Workspace-based Application Insights for one regional stamp.

@description('Component name.')
param name string

@description('Azure region of the component (the stamp region, so telemetry stays in-region).')
param location string

@description('Resource id of the Log Analytics workspace that stores the telemetry.')
param workspaceId string

param tags object = {}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: name
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspaceId
    IngestionMode: 'LogAnalytics'
  }
}

output name string = appInsights.name
output id string = appInsights.id
// The connection string is an ingestion address, not a credential (Microsoft documents
// it as safe to expose); the Functions host needs it as an app setting.
output connectionString string = appInsights.properties.ConnectionString
