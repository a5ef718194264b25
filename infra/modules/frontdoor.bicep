// Azure Front Door profile, its public endpoint, the WAF association and diagnostics.
// Origins are attached afterwards by frontdoor-origins.bicep, because the Function Apps
// need this profile's id (X-Azure-FDID) before Front Door needs their host names.

@description('Profile name.')
param name string

@description('Endpoint name; Front Door appends a hash to form the host name.')
param endpointName string

@allowed([
  'Standard_AzureFrontDoor'
  'Premium_AzureFrontDoor'
])
param sku string

@description('WAF per-client limit, requests per minute.')
param rateLimitPerMinute int

@allowed([
  'Prevention'
  'Detection'
])
param wafMode string

@description('Seconds Front Door waits for an origin; long non-streamed completions need headroom.')
@minValue(16)
@maxValue(240)
param originResponseTimeoutSeconds int

@description('Log Analytics workspace for Front Door logs.')
param workspaceId string

@description('Also send the per-request access log (the largest log volume, so off by default).')
param accessLogs bool

param tags object = {}

module waf 'waf.bicep' = {
  name: 'waf'
  params: {
    name: 'waf${replace(name, '-', '')}'
    sku: sku
    rateLimitPerMinute: rateLimitPerMinute
    mode: wafMode
    tags: tags
  }
}

resource profile 'Microsoft.Cdn/profiles@2025-04-15' = {
  name: name
  location: 'global'
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    originResponseTimeoutSeconds: originResponseTimeoutSeconds
  }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2025-04-15' = {
  parent: profile
  name: endpointName
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

resource securityPolicy 'Microsoft.Cdn/profiles/securityPolicies@2025-04-15' = {
  parent: profile
  name: 'waf'
  properties: {
    parameters: {
      type: 'WebApplicationFirewall'
      wafPolicy: {
        id: waf.outputs.id
      }
      associations: [
        {
          domains: [
            {
              id: endpoint.id
            }
          ]
          patternsToMatch: [
            '/*'
          ]
        }
      ]
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: profile
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FrontDoorHealthProbeLog'
        enabled: true
      }
      {
        category: 'FrontDoorWebApplicationFirewallLog'
        enabled: true
      }
      {
        category: 'FrontDoorAccessLog'
        enabled: accessLogs
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output profileName string = profile.name
output endpointName string = endpoint.name
output endpointHostName string = endpoint.properties.hostName
output frontDoorId string = profile.properties.frontDoorId
