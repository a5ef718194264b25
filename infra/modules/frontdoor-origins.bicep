// One origin group whose origins are every region's Function App, and the route that
// sends all traffic to it. Front Door picks the lowest-latency healthy origin for each
// caller; the health probe decides what "healthy" means.

@description('Existing Front Door profile and endpoint names.')
param profileName string
param endpointName string

@description('One entry per region: the region name (the origin name) and the app host name.')
param origins {
  region: string
  hostName: string
}[]

@description('Path Front Door probes on every origin; the app serves it anonymously.')
param healthProbePath string

@description('Probe settings. Failover time follows from them (docs/operations.md).')
param probeIntervalInSeconds int
param sampleSize int
param successfulSamplesRequired int

@description('Origins within this many ms of the fastest healthy one share its traffic.')
param additionalLatencyInMilliseconds int

resource profile 'Microsoft.Cdn/profiles@2025-04-15' existing = {
  name: profileName
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2025-04-15' existing = {
  parent: profile
  name: endpointName
}

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2025-04-15' = {
  parent: profile
  name: 'regions'
  properties: {
    sessionAffinityState: 'Disabled'
    loadBalancingSettings: {
      sampleSize: sampleSize
      successfulSamplesRequired: successfulSamplesRequired
      additionalLatencyInMilliseconds: additionalLatencyInMilliseconds
    }
    healthProbeSettings: {
      probePath: healthProbePath
      probeRequestType: 'GET'
      probeProtocol: 'Https'
      probeIntervalInSeconds: probeIntervalInSeconds
    }
  }
}

resource regionOrigins 'Microsoft.Cdn/profiles/originGroups/origins@2025-04-15' = [
  for origin in origins: {
    parent: originGroup
    name: origin.region
    properties: {
      hostName: origin.hostName
      originHostHeader: origin.hostName
      httpPort: 80
      httpsPort: 443
      // Equal priority and weight: latency alone chooses among healthy regions.
      priority: 1
      weight: 1000
      enabledState: 'Enabled'
      enforceCertificateNameCheck: true
    }
  }
]

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2025-04-15' = {
  parent: endpoint
  name: 'gateway'
  properties: {
    originGroup: {
      id: originGroup.id
    }
    supportedProtocols: [
      'Http'
      'Https'
    ]
    httpsRedirect: 'Enabled'
    forwardingProtocol: 'HttpsOnly'
    patternsToMatch: [
      '/*'
    ]
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
    // No cacheConfiguration: the gateway has its own content-addressed cache, and
    // responses are per tenant.
  }
  // A route cannot be created on an origin group that has no origins yet.
  dependsOn: [
    regionOrigins
  ]
}

output originGroupName string = originGroup.name
output originNames string[] = [for (origin, i) in origins: regionOrigins[i].name]
