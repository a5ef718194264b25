// Production footprint: six regions on five continents. Add a region by appending it
// to `regions` and running scripts/deploy.sh (docs/operations.md, "One more region").
using 'main.bicep'

param namePrefix = 'edgefn'

param regions = [
  'japaneast' // Asia (East)
  'centralindia' // Asia (South)
  'westeurope' // Europe
  'eastus2' // North America
  'brazilsouth' // South America
  'southafricanorth' // Africa
]

param globalLocation = 'eastus2'

param frontDoorSku = 'Standard_AzureFrontDoor'
param wafRateLimitPerMinute = 6000
param wafMode = 'Prevention'

param healthProbePath = '/healthz'

// SHA-256 hex of each tenant API key. Generate with:
//   printf '%s' "$KEY" | sha256sum | cut -d' ' -f1
// Hashes are not secrets, but production tenants are usually added per environment
// with `--tenant-hashes FILE` in scripts/deploy.sh instead of being committed here.
param tenantKeyHashes = {}

param cachePurgeSchedule = '0 */15 * * * *'
param routingProbeSchedule = '*/30 * * * * *'

param scale = {
  alwaysReadyHttpInstances: 1
  instanceMemoryMB: 2048
  maximumInstanceCount: 100
}

param lockOriginsToFrontDoor = true
param operatorCidrs = []
param logRetentionDays = 30
param frontDoorAccessLogs = false

param tags = {
  environment: 'production'
}
