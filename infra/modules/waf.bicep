// WAF policy for Front Door: per-client rate limiting at the edge, so a flood from one
// client is dropped at the nearest point of presence before it reaches any region.

@description('Policy name (letters and digits only).')
param name string

@description('Front Door tier; the policy tier must match the profile tier.')
@allowed([
  'Standard_AzureFrontDoor'
  'Premium_AzureFrontDoor'
])
param sku string

@description('Requests one client IP (socket address) may send per minute before it is blocked.')
@minValue(100)
param rateLimitPerMinute int

@description('Prevention blocks; Detection only logs (useful while tuning the threshold).')
@allowed([
  'Prevention'
  'Detection'
])
param mode string

param tags object = {}

// Same shape as the gateway's own errors (OpenAI's), so clients need one error parser.
var blockedBody = '{"error":{"message":"Too many requests from this client at the edge; slow down and retry.","type":"rate_limit_error","param":null,"code":"edge_rate_limited"}}'

resource policy 'Microsoft.Network/FrontDoorWebApplicationFirewallPolicies@2025-03-01' = {
  name: name
  location: 'global'
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    policySettings: {
      enabledState: 'Enabled'
      mode: mode
      customBlockResponseStatusCode: 429
      customBlockResponseBody: base64(blockedBody)
    }
    // No managed (OWASP) rule set: request bodies are prompts, i.e. arbitrary text and
    // code, which those signatures would block as false positives.
    customRules: {
      rules: [
        {
          name: 'PerClientRateLimit'
          priority: 100
          enabledState: 'Enabled'
          ruleType: 'RateLimitRule'
          rateLimitDurationInMinutes: 1
          rateLimitThreshold: rateLimitPerMinute
          groupBy: [
            {
              variableName: 'SocketAddr'
            }
          ]
          // Every request URI contains '/', so the rule counts all requests of a client.
          matchConditions: [
            {
              matchVariable: 'RequestUri'
              operator: 'Contains'
              matchValue: [
                '/'
              ]
            }
          ]
          action: 'Block'
        }
      ]
    }
  }
}

output id string = policy.id
output name string = policy.name
